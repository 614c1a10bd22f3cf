import { join } from 'node:path';
import { readManifest } from '@toex/core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAzureTranslator } from '../providers/azure';
import type { TranslationProvider } from '../spec';
import { createAzureTranslatorHandlers, createFakeTranslator } from '../testing';
import {
  chatHeader,
  chatRows,
  readCsvOutput,
  temporaryDirectory,
  writeExport,
} from './__fixtures__/job-fixtures';
import { translateFile } from './translate-file';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let directory: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  directory = await temporaryDirectory();
});
afterEach(() => directory.remove());

/** Each message, what the engine makes of it, and the flags a reviewer should see on its row. */
const cases: Array<{
  source: string;
  translation: string;
  flags: string;
  score?: number;
  language?: string;
}> = [
  {
    source: 'Nos vemos mañana en la puerta del mercado.',
    translation: 'See you tomorrow at the market gate.',
    flags: '',
  },
  {
    // Sent back as it came: only the language detector can tell it is still Spanish.
    source: 'Trae el dinero a la estación esta noche',
    translation: 'Trae el dinero a la estación esta noche',
    flags: 'untranslated',
  },
  {
    source: 'Llámame cuando llegues a la estación de tren esta noche por favor',
    translation: 'Call',
    flags: 'length',
  },
  { source: 'vale tío', translation: 'OK mate', flags: 'low-confidence-language' },
  {
    source: 'El paquete está en el garaje de mi primo desde ayer',
    translation: "The parcel has been in my cousin's garage since yesterday",
    score: 0.3,
    flags: 'low-confidence-language',
  },
  {
    source: 'Привет, как дела? I will send the money tomorrow morning',
    translation: 'Hi, how are you? I will send the money tomorrow morning',
    language: 'ru',
    flags: 'mixed-language',
  },
  {
    source: 'Llego a la estación a las diez. Trae el dinero y no llames a nadie.',
    translation: "I'll be at the station at ten. Bring the money and don't call",
    flags: 'truncated',
  },
  // Nothing to translate: skipped rows are never flagged.
  { source: '12345', translation: '12345', flags: '' },
];

function azure(): TranslationProvider {
  return createAzureTranslator({ apiKey: '0123456789abcdef0123456789abcdef', fetch: globalThis.fetch });
}

describe('translateFile quality flags', () => {
  it('writes each row its toex_flags, and counts every flag in the summary and the manifest', async () => {
    const bySource = new Map(cases.map((item) => [item.source, item]));
    // Azure's answer is `[en] <translation>`; the handler adds the prefix, so the checks see it too.
    const fake = createAzureTranslatorHandlers({
      transform: (segment) => bySource.get(segment)?.translation ?? segment,
      detect: (text) => {
        const item = bySource.get(text);
        return { language: item?.language ?? 'es', score: item?.score ?? 1 };
      },
    });
    server.use(...fake.handlers);
    const input = await writeExport(join(directory.path, 'chats.csv'), {
      header: chatHeader,
      rows: chatRows(cases.map((item) => item.source)),
    });
    const output = join(directory.path, 'chats.en.csv');
    const result = await translateFile({ input, output, provider: azure(), to: ['en'] });

    const { records } = await readCsvOutput(output);
    const header = records[0]!;
    expect(header.slice(-4)).toEqual(['Body_en', 'Body_lang', 'toex_status', 'toex_flags']);
    const flags = records.slice(1).map((record) => record[header.indexOf('toex_flags')]);
    expect(flags).toEqual(cases.map((item) => item.flags));
    expect(records.slice(1).map((record) => record[header.indexOf('toex_status')])).toEqual([
      ...cases.slice(0, -1).map(() => 'ok'),
      'skipped:no-letters',
    ]);

    const expected = {
      untranslated: 1,
      length: 1,
      'low-confidence-language': 2,
      'mixed-language': 1,
      'glossary-miss': 0,
      truncated: 1,
      'second-opinion': 0,
    };
    expect(result.qualityFlags).toEqual(expected);
    expect(result.flaggedRows).toBe(6);
    const manifest = await readManifest(result.manifestPath);
    expect(manifest.schemaVersion).toBe(3);
    expect(manifest.qualityFlags).toEqual(expected);
    expect(manifest.counts.flaggedRows).toBe(6);
  });

  it('flags a glossary term the engine did not render, and not one it did, nor a language given by --from', async () => {
    const provider = createFakeTranslator({
      glossary: 'native',
      translate: (text) =>
        ({
          'Tengo el perico listo para mañana': 'I have the parakeet ready for tomorrow',
          'El perico llega mañana': 'The cocaine arrives tomorrow',
        })[text] ?? text.toUpperCase(),
    });
    const input = await writeExport(join(directory.path, 'glossary.csv'), {
      header: chatHeader,
      rows: chatRows(['Tengo el perico listo para mañana', 'El perico llega mañana']),
    });
    const output = join(directory.path, 'glossary.en.csv');
    const result = await translateFile({
      input,
      output,
      provider,
      from: 'es',
      to: ['en'],
      glossary: { id: 'g1', entries: [{ term: 'perico', translation: 'cocaine' }] },
    });
    const { records } = await readCsvOutput(output);
    expect(records.slice(1).map((record) => record.at(-1))).toEqual(['glossary-miss', '']);
    expect(result.qualityFlags['glossary-miss']).toBe(1);
    expect(result.qualityFlags['low-confidence-language']).toBe(0);
  });

  it('flags what the provider reported as cut short, and gives failed rows no flags', async () => {
    const base = createFakeTranslator({
      translate: (text) =>
        ({ 'Cortado por el límite': 'Cut by the', 'Completo y bien': 'Complete and fine' })[text] ?? '',
    });
    const provider: TranslationProvider = {
      ...base,
      async translate(request, options) {
        if (request.texts.some((text) => text.startsWith('Falla'))) throw new Error('refused');
        const response = await base.translate(request, options);
        return {
          ...response,
          items: response.items.map((item, index) =>
            request.texts[index]!.startsWith('Cortado') ? { ...item, truncated: true } : item,
          ),
        };
      },
      limits: { ...base.limits, maxItemsPerRequest: 1 },
    };
    const input = await writeExport(join(directory.path, 'cut.csv'), {
      header: chatHeader,
      rows: chatRows(['Cortado por el límite', 'Completo y bien', 'Falla esta fila entera']),
    });
    const output = join(directory.path, 'cut.en.csv');
    const result = await translateFile({
      input,
      output,
      provider,
      from: 'es',
      to: ['en'],
      retry: { maxRetries: 0 },
    });
    const { records } = await readCsvOutput(output);
    expect(records.slice(1).map((record) => [record.at(-2), record.at(-1)])).toEqual([
      ['ok', 'truncated'],
      ['ok', ''],
      [expect.stringMatching(/^failed:/), ''],
    ]);
    expect(result.qualityFlags.truncated).toBe(1);
  });
});
