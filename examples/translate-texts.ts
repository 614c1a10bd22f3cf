/**
 * Translate an array of texts in memory: messages from a database, a queue or a web form, with no file.
 *
 * Shows: translateTexts, one result per text in input order with a status (`ok`, `skipped:<reason>`,
 * `failed:<code>`), skipped texts copied through, and repeats sent once.
 *
 * Run (after `npm ci && npm run build`; APY is started on loopback unless APERTIUM_URL is set):
 *   cd examples && npx tsx translate-texts.ts
 */
import { createApertiumTranslator, translateTexts } from '@toex/translate';
import { useApertium } from './support/apertium';

const messages = [
  'Hola, ¿dónde estás?',
  'Te veo en la estación a las ocho.',
  '07700 900123', // no letters: skipped, never sent or billed
  'Hola, ¿dónde estás?', // a repeat: translated once
  '',
];

// APERTIUM_URL, or APY started on 127.0.0.1 for this run (an example helper; your app passes its URL).
const apertium = await useApertium();
try {
  const result = await translateTexts(messages, {
    provider: createApertiumTranslator({ baseUrl: apertium.url }),
    to: ['en'],
    from: 'es',
  });

  for (const item of result.texts) {
    console.log(
      `${item.status.padEnd(18)} ${JSON.stringify(item.text)} → ${JSON.stringify(item.translations.en ?? '')}`,
    );
  }
  console.log(`${result.stats.sentSegments} distinct text(s) sent in ${result.requests} request(s)`);
  if (result.failedRows > 0) process.exitCode = 4;
} finally {
  await apertium.stop();
}
