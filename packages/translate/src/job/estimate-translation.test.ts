import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGlossary } from '../glossary/load-glossary';
import { createAzureTranslator } from '../providers/azure';
import { createAzureTranslatorHandlers } from '../testing';
import { chatHeader, chatRows, temporaryDirectory, writeExport } from './__fixtures__/job-fixtures';
import { useVirtualSystemClock } from './__fixtures__/virtual-clock';
import { estimateTranslation } from './estimate-translation';
import { translateFile } from './translate-file';

// The estimate a user sees before agreeing to spend money: it must count exactly what a run would send
// and bill, send nothing, and give the translation memory its due.

const KEY = '0123456789abcdef0123456789abcdef';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

let directory: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  directory = await temporaryDirectory();
});
afterEach(() => directory.remove());

// 1,200 distinct messages of 50 characters (60,000: two Azure requests per target), 100 repeats of one
// message, 30 empty cells and 20 emoji-only ones.
const distinct = Array.from({ length: 1_200 }, (_, index) =>
  `Mensaje número ${String(index).padStart(4, '0')}: `.padEnd(50, 'x'),
);
const bodies = [
  ...distinct,
  ...Array.from({ length: 100 }, () => '¿Dónde estás?'),
  ...Array.from({ length: 30 }, () => ''),
  ...Array.from({ length: 20 }, () => '👍'),
];
const uniqueCharacters = 1_200 * 50 + '¿Dónde estás?'.length;

function setUp() {
  const fake = createAzureTranslatorHandlers({ apiKey: KEY });
  server.use(...fake.handlers);
  return { fake, provider: createAzureTranslator({ apiKey: KEY, fetch: globalThis.fetch }) };
}

describe('estimateTranslation', () => {
  it('counts rows, segments, billable characters, requests and cost without sending anything', async () => {
    const { fake, provider } = setUp();
    const input = await writeExport(join(directory.path, 'chats.csv'), {
      header: chatHeader,
      rows: chatRows(bodies),
    });
    const estimate = await estimateTranslation({
      input,
      provider,
      from: 'es',
      to: ['en', 'fr'],
      costing: { currency: 'USD' },
    });
    expect(estimate).toEqual({
      rows: bodies.length,
      segments: 1_300,
      uniqueSegments: 1_201,
      cachedSegments: 0,
      skipped: 50,
      // Azure bills every character once per target language.
      billableCharacters: uniqueCharacters * 2,
      // 120,026 characters across both targets, at most 50,000 a request.
      requests: 3,
      // Exact: 120,026 characters at USD 10 a million, not rounded to cents.
      cost: { amount: '1.20026', currency: 'USD' },
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('matches what a run then bills, and after the run counts everything as cached and billable 0', async () => {
    const { fake, provider } = setUp();
    const cache = join(directory.path, 'cache');
    const input = await writeExport(join(directory.path, 'chats.csv'), {
      header: chatHeader,
      rows: chatRows(bodies),
    });
    const options = { input, provider, from: 'es', to: ['en'], cache, costing: { currency: 'USD' } } as const;

    const before = await estimateTranslation(options);
    // The estimate wrote nothing: no memory appears before the run.
    expect(existsSync(cache)).toBe(false);
    const run = await translateFile({ ...options, output: join(directory.path, 'chats.en.csv') });
    expect(run.billedCharacters).toBe(before.billableCharacters);
    expect(run.manifest.counts.requests).toBe(before.requests);
    expect(run.cost).toEqual(before.cost);
    expect(fake.billedCharacters()).toBe(before.billableCharacters);

    const sent = fake.requests.length;
    const after = await estimateTranslation(options);
    expect(after).toEqual({
      ...before,
      cachedSegments: before.uniqueSegments,
      billableCharacters: 0,
      requests: 0,
      cost: { amount: '0.00', currency: 'USD' },
    });
    expect(fake.requests).toHaveLength(sent);
  });

  it('counts the glossary markup Azure bills, so the estimate equals the bill of a run with a glossary', async () => {
    const { fake, provider } = setUp();
    const input = await writeExport(join(directory.path, 'chats.csv'), {
      header: chatHeader,
      rows: chatRows(distinct.slice(0, 200).map((body) => `${body} con el paquete`)),
    });
    const glossary = createGlossary([{ term: 'paquete', translation: 'parcel' }]);
    const options = {
      input,
      provider,
      from: 'es',
      to: ['en'],
      glossary,
      costing: { currency: 'USD' },
    } as const;
    const before = await estimateTranslation(options);
    const run = await translateFile({ ...options, output: join(directory.path, 'chats.en.csv') });
    expect(fake.billedCharacters()).toBe(before.billableCharacters);
    expect(run.cost).toEqual(before.cost);
    // The markup is billed on top of the texts themselves.
    expect(before.billableCharacters).toBeGreaterThan(200 * (50 + ' con el paquete'.length));
  });

  it('packs to an even share of a per-minute quota, as the run does, so every minute can be filled', async () => {
    const { fake, provider } = setUp();
    // The run waits for quota on a virtual clock: a minute of pacing passes at once.
    const clock = useVirtualSystemClock();
    const input = await writeExport(join(directory.path, 'chats.csv'), {
      header: chatHeader,
      rows: chatRows(bodies),
    });
    // 60,013 characters against 60,000 a minute. Requests of Azure's 50,000 would carry 50,000 a minute
    // and leave 10,000 unused; two of 30,000 fill the minute.
    const options = { input, provider, from: 'es', to: ['en'], charactersPerMinute: 60_000 } as const;

    const estimate = await estimateTranslation(options);
    expect(estimate.requests).toBe(3);
    const run = await translateFile({ ...options, output: join(directory.path, 'chats.en.csv') });
    expect(run.manifest.counts.requests).toBe(3);
    const sizes = fake.requests.map((request) =>
      (request.body as Array<{ Text: string }>).reduce((sum, item) => sum + item.Text.length, 0),
    );
    expect(sizes.sort((left, right) => left - right)).toEqual([13, 30_000, 30_000]);
    // The third waited for the minute to pass.
    expect(clock.waits.some((wait) => wait > 50_000)).toBe(true);
  });

  it('counts only what is missing from the memory after a partial run', async () => {
    const { provider } = setUp();
    const cache = join(directory.path, 'cache');
    // An earlier job translated the first 400 messages.
    const earlier = await writeExport(join(directory.path, 'earlier.csv'), {
      header: chatHeader,
      rows: chatRows(distinct.slice(0, 400)),
    });
    await translateFile({
      input: earlier,
      output: join(directory.path, 'earlier.en.csv'),
      provider,
      from: 'es',
      to: ['en'],
      cache,
    });
    const input = await writeExport(join(directory.path, 'chats.csv'), {
      header: chatHeader,
      rows: chatRows(bodies),
    });
    const estimate = await estimateTranslation({ input, provider, from: 'es', to: ['en'], cache });
    expect(estimate).toMatchObject({
      uniqueSegments: 1_201,
      cachedSegments: 400,
      billableCharacters: uniqueCharacters - 400 * 50,
    });
  });
});
