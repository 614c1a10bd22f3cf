/**
 * Apply a keyword glossary: words the engine gets wrong, or slang and code words a case depends on, are
 * always rendered as the glossary says.
 *
 * Shows: loadGlossary (a `term,translation` CSV) and createGlossary (entries in code), passed to a job.
 * Apertium has no glossary mechanism of its own, so toex swaps each term for a placeholder the engine
 * copies through and puts the glossary translation back. Azure gets its dynamic-dictionary markup and
 * DeepL a glossary resource, with the same option.
 *
 * Run (after `npm ci && npm run build`; APY is started on loopback unless APERTIUM_URL is set):
 *   cd examples && npx tsx glossary.ts
 */
import { createApertiumTranslator, createGlossary, loadGlossary, translateTexts } from '@toex/translate';
import { useApertium } from './support/apertium';
import { exampleFile } from './support/paths';

const messages = ['¿Has hablado con tu primo?', 'El paquete llega mañana con el coche.'];

// From a file: one `term,translation` row per entry; a header row is optional.
const fromFile = await loadGlossary(exampleFile('sample-keywords-es-en.csv'));
// Or in code. The id is a hash of the content, part of every translation-memory key, so the memory
// never returns a translation made with a different glossary.
const inCode = createGlossary([{ term: 'coche', translation: 'vehicle' }]);
console.log(`Glossary ${fromFile.id}: ${fromFile.entries.length} terms`);

// APERTIUM_URL, or APY started on 127.0.0.1 for this run (an example helper; your app passes its URL).
const apertium = await useApertium();
try {
  const provider = createApertiumTranslator({ baseUrl: apertium.url });
  const plain = await translateTexts(messages, { provider, to: ['en'], from: 'es' });
  const withFile = await translateTexts(messages, { provider, to: ['en'], from: 'es', glossary: fromFile });
  const withCode = await translateTexts(messages, { provider, to: ['en'], from: 'es', glossary: inCode });

  messages.forEach((message, index) => {
    console.log(message);
    console.log(`  without glossary: ${plain.texts[index]?.translations.en ?? '(failed)'}`);
    console.log(`  glossary file:    ${withFile.texts[index]?.translations.en ?? '(failed)'}`);
    console.log(`  glossary in code: ${withCode.texts[index]?.translations.en ?? '(failed)'}`);
  });
  if (plain.failedRows + withFile.failedRows + withCode.failedRows > 0) process.exitCode = 4;
} finally {
  await apertium.stop();
}
