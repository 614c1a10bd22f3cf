import { join } from 'node:path';
import { type JobRetryEvent, ProgressEmitter } from '@toex/core';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAzureTranslator } from '../providers/azure';
import type { TranslationProvider } from '../spec';
import { createAzureTranslatorHandlers } from '../testing';
import type { FaultPlan, RecordedRequest } from '../testing/fault-plan';
import {
  chatHeader,
  chatRows,
  readCsvOutput,
  temporaryDirectory,
  writeExport,
} from './__fixtures__/job-fixtures';
import { useVirtualSystemClock } from './__fixtures__/virtual-clock';
import { translateFile } from './translate-file';

// Fault storms against the msw fake of Azure Translator, through the whole file job: every row must come
// out, in order, translated exactly once and billed exactly once, however the service misbehaves.

const KEY = '0123456789abcdef0123456789abcdef';
const BASE = 'https://api.cognitive.microsofttranslator.com';
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

// 600 messages: mostly distinct, a repeated one, and some empty cells.
const bodies = Array.from({ length: 600 }, (_, index) =>
  index % 50 === 49
    ? ''
    : index % 7 === 3
      ? 'vale, hasta luego'
      : `Mensaje ${index}: nos vemos en el bar a las ${index % 24}`,
);
const uniqueTexts = [...new Set(bodies.filter((body) => body !== ''))];
/** What the fake answers for a text (it upper-cases). */
const fakeEnglish = (text: string) => `[en] ${text.toUpperCase()}`;

/** The real Azure adapter on msw's global fetch, packing at most 12 texts a request so a storm hits many. */
function azure(): TranslationProvider {
  const provider = createAzureTranslator({ apiKey: KEY, fetch: globalThis.fetch });
  return { ...provider, limits: { ...provider.limits, maxItemsPerRequest: 12 } };
}

function textsOf(request: RecordedRequest): string[] {
  return (request.body as Array<{ Text: string }>).map((item) => item.Text);
}

async function runStorm(faults: FaultPlan, extraHandlers: Parameters<typeof server.use> = []) {
  const fake = createAzureTranslatorHandlers({ apiKey: KEY, faults });
  server.use(...extraHandlers, ...fake.handlers);
  const clock = useVirtualSystemClock();
  const input = await writeExport(join(directory.path, 'chats.csv'), {
    header: chatHeader,
    rows: chatRows(bodies),
  });
  const output = join(directory.path, 'chats.en.csv');
  const events = new ProgressEmitter();
  const retries: JobRetryEvent[] = [];
  events.on('retry', (event) => retries.push(event));
  const retryWaits: number[] = [];
  const processWarnings: string[] = [];
  const onWarning = (warning: Error) => processWarnings.push(`${warning.name}: ${warning.message}`);
  process.on('warning', onWarning);
  const result = await translateFile({
    input,
    output,
    provider: azure(),
    from: 'es',
    to: ['en'],
    concurrency: 4,
    events,
    retry: {
      maxRetries: 6,
      random: () => 0.5,
      sleep: async (delayMs) => {
        retryWaits.push(delayMs);
      },
    },
  });
  // Node emits warnings on a later tick.
  await new Promise((resolve) => setImmediate(resolve));
  process.off('warning', onWarning);
  const { records } = await readCsvOutput(output);
  const data = records.slice(1);
  return {
    processWarnings,
    fake,
    result,
    clock,
    retries,
    retryWaits,
    ids: data.map((record) => record[0]),
    english: data.map((record) => record[chatHeader.length]),
    status: data.map((record) => record.at(-2)), // toex_status: toex_flags is last
  };
}

describe('translateFile through a fault storm', () => {
  it('loses no row and pays for no text twice through 5xx, resets and 429 bursts with and without Retry-After', async () => {
    const { fake, result, clock, retries, retryWaits, ids, english, status, processWarnings } =
      await runStorm({
        failureRate: 0.1,
        failureKinds: ['http_500', 'http_503', 'connection_reset'],
        // Faults follow the seed and each request's content; this seed gives every kind at least once.
        seed: 2,
        throttleBursts: [
          // Azure documents no Retry-After on 429; a burst without one, then one with.
          { fromRequest: 4, count: 3 },
          { fromRequest: 25, count: 2, retryAfterSeconds: 2 },
        ],
      });

    // Every row, in order, translated.
    expect(ids).toEqual(bodies.map((_, index) => String(index + 1)));
    expect(status).toEqual(bodies.map((body) => (body === '' ? 'skipped:empty' : 'ok')));
    expect(english).toEqual(bodies.map((body) => (body === '' ? '' : fakeEnglish(body))));

    // The storm happened…
    const outcomes = fake.requests.map((request) => request.outcome);
    expect(new Set(outcomes)).toEqual(new Set(['answered', 'throttled', 'server_error', 'connection_reset']));
    expect(outcomes.filter((outcome) => outcome === 'throttled')).toHaveLength(5);
    // …and each text was answered exactly once: retries only repeat what was not answered.
    const answered = fake.requests.filter((request) => request.outcome === 'answered');
    expect(answered.flatMap(textsOf).sort()).toEqual([...uniqueTexts].sort());
    // Billed once: the fake's meter, the provider's reported usage and our own count agree.
    const characters = uniqueTexts.reduce((sum, text) => sum + text.length, 0);
    expect(fake.billedCharacters()).toBe(characters);
    expect(result.manifest.billing).toEqual({
      unit: 'characters',
      characters,
      meteredCharacters: characters,
      mismatch: false,
    });
    expect(result.manifest.counts).toMatchObject({
      rows: bodies.length,
      segments: bodies.filter((body) => body !== '').length,
      uniqueSegments: uniqueTexts.length,
      sentSegments: uniqueTexts.length,
      requests: answered.length,
      skipped: bodies.filter((body) => body === '').length,
      failed: 0,
    });
    expect(result).toMatchObject({ failedRows: 0, stoppedBy: undefined, usageMismatch: false });

    // One retry event per failed attempt, saying why; the server's Retry-After was honoured.
    const failedAttempts = fake.requests.length - answered.length;
    expect(retries).toHaveLength(failedAttempts);
    expect(retryWaits).toHaveLength(failedAttempts);
    expect(retries.filter((event) => event.code === 'http_429')).toHaveLength(5);
    expect(retries.filter((event) => event.code === 'http_429' && event.delayMs === 2_000)).toHaveLength(2);
    expect(new Set(retries.map((event) => event.code))).toEqual(
      new Set(['http_429', 'http_500', 'http_503', 'network_error']),
    );
    // The pacing limiter held every request back after the throttles (on the virtual clock, so no real wait).
    expect(clock.waits.some((wait) => wait >= 2_000)).toBe(true);
    // Dozens of requests waiting on one job is normal: nothing alarming ("possible memory leak") is printed.
    expect(processWarnings).toEqual([]);
  });

  it('marks the rows of a permanently refused request failed:http_400, sends it once, and translates the rest', async () => {
    const poison = 'Mensaje 301: nos vemos en el bar a las 13';
    const refused: string[][] = [];
    // Azure refuses the whole request holding this text (as it would one it cannot accept); no retry can help.
    const refuseOneText = http.post(`${BASE}/translate`, async ({ request }) => {
      const texts = ((await request.clone().json()) as Array<{ Text: string }>).map((item) => item.Text);
      if (!texts.includes(poison)) return undefined;
      refused.push(texts);
      return HttpResponse.json(
        { error: { code: 400000, message: 'One of the request inputs is not valid.' } },
        { status: 400, headers: { 'X-requestid': 'refused-1' } },
      );
    });
    const { fake, result, status, english, ids } = await runStorm({ failureRate: 0.1, seed: 5 }, [
      refuseOneText,
    ]);

    expect(refused).toHaveLength(1);
    const refusedTexts = new Set(refused[0]);
    expect(ids).toEqual(bodies.map((_, index) => String(index + 1)));
    expect(status).toEqual(
      bodies.map((body) =>
        body === '' ? 'skipped:empty' : refusedTexts.has(body) ? 'failed:http_400' : 'ok',
      ),
    );
    expect(english).toEqual(
      bodies.map((body) => (body === '' || refusedTexts.has(body) ? '' : fakeEnglish(body))),
    );
    const failedRows = bodies.filter((body) => refusedTexts.has(body)).length;
    expect(failedRows).toBeGreaterThan(0);
    expect(result.failedRows).toBe(failedRows);
    expect(result.manifest.counts.failed).toBe(failedRows);
    // A refusal does not stop the job: it is one request's problem.
    expect(result.stoppedBy).toBeUndefined();
    // Everything else was answered once and billed once; the refused texts never reached the fake.
    const answered = fake.requests.filter((request) => request.outcome === 'answered').flatMap(textsOf);
    expect(answered.sort()).toEqual(uniqueTexts.filter((text) => !refusedTexts.has(text)).sort());
    expect(result.manifest.billing.meteredCharacters).toBe(fake.billedCharacters());
    expect(result.billedCharacters).toBe(fake.billedCharacters());
  });
});
