// The `toex translate` command line the demo runs, shared with the test that checks its manifest
// (scripts/demo.test.ts), so the two cannot drift apart.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The bundled Spanish phone export the demo translates. */
export const demoSample = join(root, 'examples', 'sample-phone-export-es.csv');
/** The keyword dictionary applied at the point of translation. */
export const demoGlossary = join(root, 'examples', 'sample-keywords-es-en.csv');

/**
 * Arguments after `toex`: translate the sample to English with the offline engine and the glossary.
 * @param {{ input: string, output: string, cache: string }} paths
 * @returns {string[]}
 */
export function demoTranslateArguments({ input, output, cache }) {
  return ['translate', input, '--to', 'en', '--glossary', demoGlossary, '--out', output, '--cache', cache];
}
