import { existsSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { ApiCallError, ConfigurationError, findNetworkErrorCode, ToexAbortError } from '@toex/core';
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

/** A loopback port with nothing listening on it. */
async function findClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('translateFile', () => {
  it('fails before writing anything when the key is refused at the first request', async () => {
    const fake = createAzureTranslatorHandlers({ apiKey: KEY });
    server.use(...fake.handlers);
    const input = await writeExport(join(directory.path, 'chats.csv'), {
      header: chatHeader,
      rows: chatRows(bodies),
    });
    const output = join(directory.path, 'chats.en.csv');
    const failure = await translateFile({
      input,
      output,
      provider: azure('f'.repeat(32)),
      from: 'es',
      to: ['en'],
      concurrency: 2,
    }).catch((error: unknown) => error);
    expect(ApiCallError.isInstance(failure) && failure.statusCode).toBe(401);
    expect((failure as Error).message).toMatch(/key is missing or invalid/);
    expect(existsSync(output)).toBe(false);
    expect(existsSync(`${output}.partial`)).toBe(false);
    expect(existsSync(`${output}.manifest.json`)).toBe(false);
    // A refused key is not retried, and once it is known no other request is sent: at most the ones
    // already on the wire (two at a time here) are refused too.
    expect(fake.requests.length).toBeLessThanOrEqual(2);
  });

  it('fails before writing anything without a key, naming the option and the environment variable', async () => {
    const input = await writeExport(join(directory.path, 'chats.csv'), {
      header: chatHeader,
      rows: chatRows(bodies.slice(0, 5)),
    });
    const output = join(directory.path, 'chats.en.csv');
    const saved = process.env.AZURE_TRANSLATOR_KEY;
    delete process.env.AZURE_TRANSLATOR_KEY;
    try {
      const failure = await translateFile({
        input,
        output,
        provider: createAzureTranslator({ fetch: globalThis.fetch }),
        from: 'es',
        to: ['en'],
      }).catch((error: unknown) => error);
      expect(ConfigurationError.isInstance(failure) && failure.code).toBe('missing_secret');
      expect((failure as Error).message).toMatch(/AZURE_TRANSLATOR_KEY/);
      expect(existsSync(output)).toBe(false);
    } finally {
      if (saved !== undefined) process.env.AZURE_TRANSLATOR_KEY = saved;
    }
  });

  it('fails before writing anything when the target language is unknown to the engine', async () => {
    const fake = createAzureTranslatorHandlers({ apiKey: KEY, languages: ['es', 'en', 'fr'] });
    server.use(...fake.handlers);
    const input = await writeExport(join(directory.path, 'chats.csv'), {
      header: chatHeader,
      rows: chatRows(bodies.slice(0, 30)),
    });
    const output = join(directory.path, 'chats.tlh.csv');
    const failure = await translateFile({
      input,
      output,
      provider: azure(KEY),
      from: 'es',
      to: ['tlh'],
    }).catch((error: unknown) => error);
    expect(ApiCallError.isInstance(failure) && failure.providerCode).toBe('400036');
    expect(existsSync(output)).toBe(false);
  });

  it('fails before writing anything when nothing answers at the endpoint', async () => {
    const input = await writeExport(join(directory.path, 'chats.csv'), {
      header: chatHeader,
      rows: chatRows(bodies.slice(0, 5)),
    });
    const output = join(directory.path, 'chats.en.csv');
    const closedPort = await findClosedPort();
    const failure = await translateFile({
      input,
      output,
      provider: createAzureTranslator({ apiKey: KEY, endpoint: `http://127.0.0.1:${closedPort}` }),
      from: 'es',
      to: ['en'],
      retry: { maxRetries: 1, sleep: async () => {} },
    }).catch((error: unknown) => error);
    expect(findNetworkErrorCode(failure)).toBe('ECONNREFUSED');
    expect(existsSync(output)).toBe(false);
  });

  it('once the provider has answered, a later refusal marks the remaining rows failed:http_401', async () => {
    const fake = createAzureTranslatorHandlers({ apiKey: KEY });
    server.use(...fake.handlers);
    const input = await writeExport(join(directory.path, 'chats.csv'), {
      header: chatHeader,
      rows: chatRows(bodies),
    });
    const output = join(directory.path, 'chats.en.csv');
    // The key is revoked after the first answer.
    const good = azure(KEY);
    const revoked = azure('f'.repeat(32));
    let calls = 0;
    const provider: TranslationProvider = {
      ...good,
      translate: (request, options) => {
        calls += 1;
        return (calls === 1 ? good : revoked).translate(request, options);
      },
    };
    const result = await translateFile({ input, output, provider, from: 'es', to: ['en'], concurrency: 1 });
    const { records } = await readCsvOutput(output);
    const statuses = records.slice(1).map((record) => record.at(-2));
    expect(statuses.slice(0, 12)).toEqual(Array(12).fill('ok'));
    expect(statuses.slice(12)).toEqual(Array(600 - 12).fill('failed:http_401'));
    expect(result).toMatchObject({ rows: 600, failedRows: 588, stoppedBy: { code: 'http_401' } });
    expect(fake.requests.filter((request) => request.status === 401).length).toBe(1);
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
