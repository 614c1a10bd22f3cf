import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ToexAbortError } from '@toex/core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAzureTranslator } from '../providers/azure';
import type { TranslationProvider } from '../spec';
import { createAzureTranslatorHandlers } from '../testing';
import {
  chatHeader,
  chatRows,
  readCsvOutput,
  temporaryDirectory,
  writeExport,
} from './__fixtures__/job-fixtures';
import { translateFile } from './translate-file';

const KEY = '0123456789abcdef0123456789abcdef';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let directory: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  directory = await temporaryDirectory();
});
afterEach(() => directory.remove());

const bodies = Array.from(
  { length: 600 },
  (_, index) => `Mensaje ${index}: nos vemos en el bar a las ${index % 24}`,
);

/** The real Azure adapter on msw's global fetch, packing at most 12 texts a request. */
function azure(apiKey: string): TranslationProvider {
  const provider = createAzureTranslator({ apiKey, fetch: globalThis.fetch });
  return { ...provider, limits: { ...provider.limits, maxItemsPerRequest: 12 } };
}

describe('translateFile', () => {
  it('stops sending when the credentials are refused, and still writes every row, marked failed:http_401', async () => {
    const fake = createAzureTranslatorHandlers({ apiKey: KEY });
    server.use(...fake.handlers);
    const input = await writeExport(join(directory.path, 'chats.csv'), {
      header: chatHeader,
      rows: chatRows(bodies),
    });
    const output = join(directory.path, 'chats.en.csv');
    const result = await translateFile({
      input,
      output,
      provider: azure('f'.repeat(32)),
      from: 'es',
      to: ['en'],
      concurrency: 2,
    });
    const { records } = await readCsvOutput(output);
    expect(records.slice(1).map((record) => [record[0], record.at(-1)])).toEqual(
      bodies.map((_, index) => [String(index + 1), 'failed:http_401']),
    );
    expect(result).toMatchObject({ rows: 600, failedRows: 600, stoppedBy: { code: 'http_401' } });
    // A refused key is not retried, and once it is known no other request is sent: at most the ones already
    // on the wire (two at a time here) are refused too.
    expect(fake.requests.length).toBeLessThanOrEqual(2);
    expect(fake.requests.every((request) => request.status === 401)).toBe(true);
    expect(result.billedCharacters).toBe(0);
  });

  it('when aborted, leaves no finished-looking output, and a rerun sends only what never came back', async () => {
    const fake = createAzureTranslatorHandlers({ apiKey: KEY, latencyMs: 5 });
    server.use(...fake.handlers);
    const input = await writeExport(join(directory.path, 'chats.csv'), {
      header: chatHeader,
      rows: chatRows(bodies),
    });
    const output = join(directory.path, 'chats.en.csv');
    const cache = join(directory.path, 'cache');
    const controller = new AbortController();
    // The texts whose answers reached the job; Ctrl-C comes as the tenth arrives.
    const cameBack: string[][] = [];
    const provider = azure(KEY);
    const counting: TranslationProvider = {
      ...provider,
      async translate(request, options) {
        const response = await provider.translate(request, options);
        cameBack.push([...request.texts]);
        if (cameBack.length === 10) controller.abort(new Error('Ctrl-C'));
        return response;
      },
    };
    const job = { input, output, cache, from: 'es', to: ['en'], concurrency: 2 } as const;
    await expect(translateFile({ ...job, provider: counting, signal: controller.signal })).rejects.toSatisfy(
      (error: unknown) => ToexAbortError.isInstance(error),
    );
    expect(existsSync(output)).toBe(false);
    expect(existsSync(`${output}.manifest.json`)).toBe(false);
    expect(cameBack).toHaveLength(10);
    const saved = new Set(cameBack.flat());

    fake.reset();
    const result = await translateFile({ ...job, provider: azure(KEY) });
    const sentAfter = fake.requests.flatMap((request) =>
      (request.body as Array<{ Text: string }>).map((item) => item.Text),
    );
    // Every answer that came back before the abort was kept, the last one included, and is not paid for
    // again. (A request still on the wire was cancelled; the service may have answered it, and it is sent
    // again: that is the most a Ctrl-C costs.)
    expect(sentAfter.filter((text) => saved.has(text))).toEqual([]);
    expect([...saved, ...sentAfter].sort()).toEqual([...bodies].sort());
    expect(result).toMatchObject({ rows: 600, failedRows: 0 });
    expect(result.stats.cachedSegments).toBe(saved.size);
    const { records } = await readCsvOutput(output);
    expect(records.slice(1).map((record) => record[chatHeader.length])).toEqual(
      bodies.map((body) => `[en] ${body.toUpperCase()}`),
    );
  });
});
