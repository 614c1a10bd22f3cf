import { join } from 'node:path';
import { readManifest } from '@toex/core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAzureTranslator } from '../providers/azure';
import { createDeeplTranslator } from '../providers/deepl';
import { createAzureTranslatorHandlers, createDeeplHandlers, createFakeTranslator } from '../testing';
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
  vi.stubEnv('DEEPL_API_KEY', '');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await directory.remove();
});

const messages: Array<[string, string, string]> = [
  [
    'Nos vemos mañana en la puerta del mercado',
    'See you tomorrow at the market gate',
    'See you tomorrow at the gate of the market',
  ],
  ['Trae el dinero a la estación', 'Bring the money to the station', 'Bring the money to the station'],
  [
    'El perico llega el martes',
    'The parakeet arrives on Tuesday',
    'The cocaine gets here Tuesday night, be ready',
  ],
  ['12345', '', ''],
  ['Llámame cuando llegues', 'Call me when you arrive', 'Call me when you get here'],
  ['No digas nada a nadie', "Don't say anything to anyone", "Don't tell anyone anything"],
];

/** The texts DeepL was sent, over every translation request (its JSON body's `text` array). */
function textsSent(requests: ReadonlyArray<{ body: unknown }>): string[] {
  return requests.flatMap((request) => (request.body as { text?: string[] }).text ?? []);
}

const azureKey = '0123456789abcdef0123456789abcdef';
const deeplKey = '3b9e1f2a-7c4d-4e8f-a1b2-c3d4e5f60718';

async function run(sample: 'all' | number) {
  const first = new Map(messages.map(([source, main]) => [source, main]));
  const second = new Map(messages.map(([source, , other]) => [source, other]));
  const azure = createAzureTranslatorHandlers({
    apiKey: azureKey,
    transform: (text) => first.get(text) ?? text,
  });
  const deepl = createDeeplHandlers({ apiKey: deeplKey, transform: (text) => second.get(text) ?? text });
  server.use(...azure.handlers, ...deepl.handlers);
  const input = await writeExport(join(directory.path, 'chats.csv'), {
    header: chatHeader,
    rows: chatRows(messages.map(([source]) => source)),
  });
  const output = join(directory.path, 'chats.en.csv');
  const result = await translateFile({
    input,
    output,
    from: 'es',
    to: ['en'],
    provider: createAzureTranslator({ apiKey: azureKey, fetch: globalThis.fetch }),
    secondOpinion: {
      provider: createDeeplTranslator({ apiKey: deeplKey, fetch: globalThis.fetch }),
      sample,
    },
  });
  const { records } = await readCsvOutput(output);
  const header = records[0]!;
  const column = (name: string) => records.slice(1).map((record) => record[header.indexOf(name)]);
  return { result, header, column, deepl };
}

describe('translateFile with a second opinion', () => {
  it('keeps both translations, flags the row where they disagree, and meters the second provider apart', async () => {
    const { result, header, column, deepl } = await run('all');
    expect(header.slice(-5)).toEqual(['Body_en', 'Body_en_second', 'Body_lang', 'toex_status', 'toex_flags']);
    expect(column('Body_en')).toEqual(
      messages.map(([source, main]) => (main === '' ? source : `[en] ${main}`)),
    );
    expect(column('Body_en_second')).toEqual(
      messages.map(([, , other]) =>
        other === '' ? '' : expect.stringMatching(new RegExp(`^\\[EN[^\\]]*\\] ${other}$`)),
      ),
    );
    expect(column('toex_flags')).toEqual(['', '', 'second-opinion', '', '', '']);
    expect(result.qualityFlags['second-opinion']).toBe(1);
    expect(result.secondOpinion).toMatchObject({
      provider: 'deepl',
      sampledRows: 5,
      texts: 5,
      disagreements: 1,
    });

    // Its own provider entry: what it was sent, billed and cost, beside the main provider's.
    const manifest = await readManifest(result.manifestPath);
    const sent = messages.filter(([, main]) => main !== '').reduce((sum, [source]) => sum + source.length, 0);
    expect(manifest.provider.id).toBe('azure');
    expect(manifest.billing.characters).toBe(sent);
    expect(manifest.additionalProviders).toEqual([
      expect.objectContaining({
        role: 'second-opinion',
        provider: expect.objectContaining({ id: 'deepl' }),
        settings: expect.objectContaining({ sample: 'all', threshold: 0.3 }),
        counts: expect.objectContaining({ sampledRows: 5, texts: 5, disagreements: 1, failedTexts: 0 }),
        billing: expect.objectContaining({ unit: 'characters', characters: sent }),
        cost: expect.objectContaining({ currency: expect.any(String), estimated: true }),
      }),
    ]);
    expect(textsSent(deepl.requests)).toHaveLength(5);
    expect(JSON.stringify(manifest)).not.toContain(deeplKey);
    expect(JSON.stringify(manifest)).not.toContain(azureKey);
  });

  it('asks the second provider only about the sample: every Nth translated row', async () => {
    const { result, column, deepl } = await run(2);
    // Translated rows 1, 3 and 5 of 5 (the fourth input row has nothing to translate).
    expect(column('Body_en_second').map((cell) => cell !== '')).toEqual([
      true,
      false,
      true,
      false,
      false,
      true,
    ]);
    expect(textsSent(deepl.requests)).toEqual([messages[0]![0], messages[2]![0], messages[5]![0]]);
    expect(column('toex_flags')).toEqual(['', '', 'second-opinion', '', '', '']);
    expect(result.secondOpinion?.sampledRows).toBe(3);
  });

  it('keeps every row in order across many batches sent to the second provider, one batch ahead', async () => {
    const bodies = Array.from({ length: 1_300 }, (_, index) => `Mensaje número ${index} para la estación`);
    const english = (text: string, label: string) => `${label} ${/\d+/.exec(text)![0]} for the station`;
    const main = createFakeTranslator({ translate: (text) => english(text, 'Message number') });
    const second = {
      ...createFakeTranslator({
        // Every 7th message comes back as something else entirely.
        translate: (text) =>
          Number(/\d+/.exec(text)![0]) % 7 === 0
            ? 'Completely unrelated words'
            : english(text, 'Message no.'),
      }),
      id: 'fake-second',
    };
    const input = await writeExport(join(directory.path, 'many.csv'), {
      header: chatHeader,
      rows: chatRows(bodies),
    });
    const output = join(directory.path, 'many.en.csv');
    const result = await translateFile({
      input,
      output,
      from: 'es',
      to: ['en'],
      provider: main,
      secondOpinion: { provider: second, sample: 'all' },
    });
    const { records } = await readCsvOutput(output);
    const header = records[0]!;
    const rows = records.slice(1);
    expect(rows.map((row) => row[header.indexOf('Body')])).toEqual(bodies);
    expect(rows.map((row) => row[header.indexOf('Body_en_second')])).toEqual(
      bodies.map((_, index) =>
        index % 7 === 0 ? 'Completely unrelated words' : `Message no. ${index} for the station`,
      ),
    );
    expect(rows.map((row) => row.at(-1))).toEqual(
      bodies.map((_, index) => (index % 7 === 0 ? 'second-opinion' : '')),
    );
    expect(result.secondOpinion).toMatchObject({ sampledRows: 1_300, disagreements: Math.ceil(1_300 / 7) });
  });
});
