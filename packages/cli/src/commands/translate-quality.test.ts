import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createAzureTranslatorHandlers, createDeeplHandlers } from '@toex/translate/testing';
import { parse } from 'csv-parse/sync';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bufferedIo, temporaryDirectory, withEnvironment } from '../__fixtures__/cli-test-io';
import { ExitCode } from '../io';
import { runCli } from '../main';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let directory: { path: string; remove: () => Promise<void> };
let restoreEnvironment: () => void = () => {};
beforeEach(async () => {
  directory = await temporaryDirectory();
});
afterEach(async () => {
  restoreEnvironment();
  await directory.remove();
});

const AZURE_KEY = '0123456789abcdef0123456789abcdef';
const DEEPL_KEY = '01234567-89ab-cdef-0123-456789abcdef';

const english: Record<string, string> = {
  'Nos vemos mañana en la estación': 'See you tomorrow at the station',
  'El perico llega el martes': 'The parakeet arrives on Tuesday',
};
const secondEnglish: Record<string, string> = {
  'Nos vemos mañana en la estación': 'See you tomorrow at the station',
  'El perico llega el martes': 'The cocaine gets here Tuesday night, be ready',
};

describe('toex translate quality flags and --second-opinion', () => {
  it('writes toex_flags and both translations, and reports flags and the second provider in the summary', async () => {
    restoreEnvironment = withEnvironment({
      AZURE_TRANSLATOR_KEY: AZURE_KEY,
      AZURE_TRANSLATOR_REGION: undefined,
      DEEPL_API_KEY: DEEPL_KEY,
    });
    server.use(
      ...createAzureTranslatorHandlers({ apiKey: AZURE_KEY, transform: (text) => english[text] ?? text })
        .handlers,
      ...createDeeplHandlers({ apiKey: DEEPL_KEY, transform: (text) => secondEnglish[text] ?? text })
        .handlers,
    );
    const input = join(directory.path, 'export.csv');
    await writeFile(
      input,
      'Id,Message Body\r\n1,Nos vemos mañana en la estación\r\n2,El perico llega el martes\r\n',
    );
    const io = bufferedIo({ cwd: directory.path, fetch: globalThis.fetch });
    const code = await runCli(
      [
        'translate',
        input,
        '--to',
        'en',
        '--from',
        'es',
        '--provider',
        'azure',
        '--second-opinion',
        'deepl',
        '--second-opinion-sample',
        'all',
        '--no-cache',
        '--json',
      ],
      io,
    );
    expect(code).toBe(ExitCode.ok);
    const summary = JSON.parse(io.out().trim().split('\n').at(-1)!);
    expect(summary.qualityFlags['second-opinion']).toBe(1);
    expect(summary.flaggedRows).toBe(1);
    expect(summary.secondOpinion).toMatchObject({ provider: 'deepl', sampledRows: 2, disagreements: 1 });
    const output = (await readFile(join(directory.path, 'export.translated.csv'), 'utf8')).replace(
      /^\uFEFF/,
      '',
    );
    const [header, ...rows] = parse(output) as string[][];
    expect(header).toEqual([
      'Id',
      'Message Body',
      'Message Body_en',
      'Message Body_en_second',
      'Message Body_lang',
      'toex_status',
      'toex_flags',
    ]);
    expect(rows.map((row) => row.at(-1))).toEqual(['', 'second-opinion']);
    expect(rows[1]![3]).toContain('The cocaine gets here');
    const logged = io.out() + io.err();
    expect(logged).not.toContain(AZURE_KEY);
    expect(logged).not.toContain(DEEPL_KEY);
  });

  it('estimates the second provider for its sample, sending nothing', async () => {
    restoreEnvironment = withEnvironment({
      AZURE_TRANSLATOR_KEY: AZURE_KEY,
      AZURE_TRANSLATOR_REGION: undefined,
      DEEPL_API_KEY: DEEPL_KEY,
    });
    const input = join(directory.path, 'export.csv');
    const rows = Array.from(
      { length: 20 },
      (_, index) => `${index},Mensaje número ${index} para la estación`,
    );
    await writeFile(input, `Id,Message Body\r\n${rows.join('\r\n')}\r\n`);
    const io = bufferedIo({ cwd: directory.path, fetch: globalThis.fetch });
    const code = await runCli(
      [
        'translate',
        input,
        '--to',
        'en',
        '--from',
        'es',
        '--provider',
        'azure',
        '--second-opinion',
        'deepl',
        '--estimate',
        '--json',
      ],
      io,
    );
    expect(code).toBe(ExitCode.ok);
    const estimate = JSON.parse(io.out().trim().split('\n').at(-1)!);
    // The default sample is every 10th row: about a tenth of the main provider's characters.
    expect(estimate.secondOpinion.provider).toBe('deepl');
    expect(estimate.secondOpinion.billableCharacters).toBe(Math.ceil(estimate.billableCharacters / 10));
    expect(estimate.secondOpinion.cost.currency).toBe('EUR');
  });
});
