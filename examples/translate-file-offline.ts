/**
 * Translate a phone-download CSV offline with Apertium, the local engine: no account, no key, and no
 * data leaves the machine.
 *
 * Shows: translateFile with createApertiumTranslator, what was detected about the input, the result
 * figures, and the output's added columns (`<col>_en`, `<col>_lang`, `toex_status`).
 *
 * Run (after `npm ci && npm run build`; APY is started on loopback unless APERTIUM_URL is set):
 *   cd examples && npx tsx translate-file-offline.ts
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApertiumTranslator, translateFile } from '@toex/translate';
import { useApertium } from './support/apertium';
import { outputDirectory, sampleExport } from './support/paths';

// APERTIUM_URL, or APY started on 127.0.0.1 for this run (an example helper; your app passes its URL).
const apertium = await useApertium();
try {
  const directory = outputDirectory('translate-file-offline');

  const result = await translateFile({
    input: sampleExport,
    output: join(directory, 'export.translated.csv'),
    provider: createApertiumTranslator({ baseUrl: apertium.url }),
    to: ['en'],
    from: 'es', // omit to detect the language of each message
    cache: join(directory, '.toex-cache'), // translation memory: a rerun sends nothing twice
    onInputOpened: (input) => {
      console.log(`Read ${input.format}, ${input.encoding.name}: ${input.layout}`);
      console.log(`Text column(s): ${input.textColumns.reason}`);
    },
  });

  console.log(`Rows: ${result.rows} (${result.skippedRows} skipped, ${result.failedRows} failed)`);
  console.log(
    `Sent ${result.stats.sentSegments} distinct texts of ${result.stats.segments} in ${result.requests} request(s)`,
  );
  console.log(`Output:   ${result.outputPath}`);
  console.log(`Manifest: ${result.manifestPath}`);

  // The output keeps every input row and column, in order, and adds the translation and a status.
  const lines = (await readFile(result.outputPath, 'utf8')).split('\r\n');
  console.log(lines.slice(3, 8).join('\n'));

  // Failed rows are in the output, marked `failed:<code>`; treat them as the job not being finished.
  if (result.failedRows > 0) process.exitCode = 4;
} finally {
  await apertium.stop();
}
