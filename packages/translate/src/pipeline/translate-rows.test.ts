import { ApiCallError, BudgetExceededError, createMemoryContentStore, ToexAbortError } from '@toex/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LanguageDetector, LanguageGuess } from '../detection/language-detector';
import type { TranslationProvider } from '../spec';
import { createFakeTranslator } from '../testing/fake-translator';
import { PipelineStats } from './pipeline-stats';
import type { StoredTranslation } from './stored-translation';
import {
  type PipelineInputRow,
  type SendRequest,
  type TranslateRowsOptions,
  translateRows,
} from './translate-rows';

interface Row extends PipelineInputRow {
  id: number;
}

function rowsOf(texts: string[]): Row[] {
  return texts.map((text, id) => ({ id, texts: [{ column: 'Body', text }] }));
}

function direct(provider: TranslationProvider): SendRequest {
  return (request, _measure, signal) => provider.translate(request, { signal });
}

async function collect(rows: Iterable<Row> | AsyncIterable<Row>, options: TranslateRowsOptions) {
  const output = [];
  for await (const row of translateRows(rows, options)) output.push(row);
  return output;
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A detector answering with `guess` for each text. */
function detectorOf(guess: (text: string) => LanguageGuess | undefined): LanguageDetector {
  return { detectMany: async (texts) => texts.map(guess) };
}

describe('translateRows', () => {
  it('yields every row, in input order, even when requests finish out of order', async () => {
    const provider = createFakeTranslator({
      limits: { maxItemsPerRequest: 3 },
      // Later requests answer first.
      beforeAnswer: (_request, call) => tick(Math.max(0, 40 - call * 5)),
    });
    const texts = Array.from({ length: 40 }, (_, index) => `mensaje número ${index}`);
    const output = await collect(rowsOf(texts), {
      provider,
      to: ['en'],
      from: 'es',
      send: direct(provider),
      maxRequestsInFlight: 8,
    });
    expect(output.map((row) => row.row.id)).toEqual(texts.map((_, index) => index));
    expect(output.every((row) => row.status === 'ok')).toBe(true);
    expect(output[7]!.texts[0]!.translations).toEqual({ en: '[en] MENSAJE NÚMERO 7' });
  });

  it('sends identical texts once and copies the translation to every row', async () => {
    const provider = createFakeTranslator();
    const stats = new PipelineStats();
    const output = await collect(rowsOf(['hola', 'ok', 'hola', 'hola', 'ok']), {
      provider,
      to: ['en'],
      from: 'es',
      send: direct(provider),
      stats,
    });
    expect(provider.calls.flatMap((call) => call.texts)).toEqual(['hola', 'ok']);
    expect(output.map((row) => row.texts[0]!.translations.en)).toEqual([
      '[en] HOLA',
      '[en] OK',
      '[en] HOLA',
      '[en] HOLA',
      '[en] OK',
    ]);
    expect(stats).toMatchObject({ segments: 5, uniqueSegments: 2, duplicateSegments: 3, sentSegments: 2 });
  });

  it('skips texts that need no translation, copies them through, and sends nothing for them', async () => {
    const provider = createFakeTranslator();
    const output = await collect(rowsOf(['', '   ', '07700 900123', '😂😂', 'https://example.org', 'vale']), {
      provider,
      to: ['en'],
      from: 'es',
      send: direct(provider),
    });
    expect(output.map((row) => row.status)).toEqual([
      'skipped:empty',
      'skipped:whitespace',
      'skipped:no-letters',
      'skipped:no-letters',
      'skipped:url-only',
      'ok',
    ]);
    expect(output[2]!.texts[0]!.translations.en).toBe('07700 900123');
    expect(provider.calls.flatMap((call) => call.texts)).toEqual(['vale']);
  });

  it('splits a text longer than the provider allows, never sends an oversized request, and rejoins it', async () => {
    const provider = createFakeTranslator({
      limits: { maxCharactersPerRequest: 60, charactersCountPerTarget: false },
      translate: (text) => `<${text}>`,
    });
    const long =
      'Primera frase bastante larga aquí. Segunda frase también larga. Tercera y última frase del mensaje.';
    const output = await collect(rowsOf([long]), {
      provider,
      to: ['en'],
      from: 'es',
      send: direct(provider),
    });
    for (const call of provider.calls) expect(call.texts.join('').length).toBeLessThanOrEqual(60);
    expect(output[0]!.texts[0]!.translations.en).toBe(
      '<Primera frase bastante larga aquí.> <Segunda frase también larga.> <Tercera y última frase del mensaje.>',
    );
  });

  it('resumes from the translation memory: a second run sends nothing and writes the same output', async () => {
    const store = createMemoryContentStore<StoredTranslation>();
    const texts = ['uno', 'dos', 'tres', 'dos'];
    const first = createFakeTranslator();
    const firstOutput = await collect(rowsOf(texts), {
      provider: first,
      to: ['en'],
      from: 'es',
      send: direct(first),
      store,
    });
    const second = createFakeTranslator();
    const stats = new PipelineStats();
    const secondOutput = await collect(rowsOf(texts), {
      provider: second,
      to: ['en'],
      from: 'es',
      send: direct(second),
      store,
      stats,
    });
    expect(second.calls).toHaveLength(0);
    expect(secondOutput).toEqual(firstOutput);
    expect(stats.cachedSegments).toBe(3);
  });

  it('marks the rows of a failed request as failed with the error code, and carries on with the rest', async () => {
    const provider = createFakeTranslator({
      limits: { maxItemsPerRequest: 2 },
      beforeAnswer: (request) => {
        if (request.texts.includes('malo')) {
          throw new ApiCallError({
            message: 'bad request',
            url: 'https://x.test',
            method: 'POST',
            statusCode: 400,
            retryable: false,
          });
        }
      },
    });
    const output = await collect(rowsOf(['uno', 'dos', 'malo', 'tres', 'cuatro', 'cinco']), {
      provider,
      to: ['en'],
      from: 'es',
      send: direct(provider),
    });
    expect(output.map((row) => row.status)).toEqual([
      'ok',
      'ok',
      'failed:http_400',
      'failed:http_400',
      'ok',
      'ok',
    ]);
    expect(output[2]!.texts[0]!.translations).toEqual({});
  });

  it('stops sending once the budget is reached, and still writes every remaining row marked failed', async () => {
    const provider = createFakeTranslator({ limits: { maxItemsPerRequest: 1 } });
    let sent = 0;
    const send: SendRequest = (request, measure, signal) => {
      if (sent + measure.characters > 10) {
        return Promise.reject(
          new BudgetExceededError({
            scope: 'job',
            limit: '10',
            committed: String(sent),
            requested: String(measure.characters),
            currency: 'GBP',
          }),
        );
      }
      sent += measure.characters;
      return provider.translate(request, { signal });
    };
    const output = await collect(rowsOf(['abcd', 'efgh', 'ijkl', 'mnop', 'qrst']), {
      provider,
      to: ['en'],
      from: 'es',
      send,
      maxRequestsInFlight: 1,
    });
    expect(output.map((row) => row.status)).toEqual([
      'ok',
      'ok',
      'failed:budget_exceeded',
      'failed:budget_exceeded',
      'failed:budget_exceeded',
    ]);
    expect(provider.calls).toHaveLength(2);
  });

  it('never reports success for a request that came back short', async () => {
    const provider = createFakeTranslator();
    const short: TranslationProvider = {
      ...provider,
      async translate(request) {
        const response = await provider.translate(request);
        return { ...response, items: response.items.slice(0, -1) };
      },
    };
    const output = await collect(rowsOf(['uno', 'dos']), {
      provider: short,
      to: ['en'],
      from: 'es',
      send: direct(short),
    });
    expect(output.map((row) => row.status)).toEqual([
      'failed:incomplete_response',
      'failed:incomplete_response',
    ]);
  });

  it('keeps memory bounded: it never reads far ahead of the oldest unfinished row', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const provider = createFakeTranslator({ limits: { maxItemsPerRequest: 10 }, beforeAnswer: () => gate });
    const stats = new PipelineStats();
    const texts = Array.from({ length: 10_000 }, (_, index) => `texto ${index}`);
    const running = collect(rowsOf(texts), {
      provider,
      to: ['en'],
      from: 'es',
      send: direct(provider),
      stats,
      maxRowsInFlight: 200,
      maxRequestsInFlight: 4,
    });
    await tick(50);
    expect(stats.rowsRead).toBeLessThanOrEqual(200);
    release();
    const output = await running;
    expect(output).toHaveLength(10_000);
  });

  it('stops with an abort error when the caller aborts', async () => {
    const controller = new AbortController();
    const provider = createFakeTranslator({ beforeAnswer: () => tick(20) });
    const rows = rowsOf(Array.from({ length: 50 }, (_, index) => `texto ${index}`));
    const running = collect(rows, {
      provider,
      to: ['en'],
      from: 'es',
      send: direct(provider),
      signal: controller.signal,
      maxRequestsInFlight: 1,
    });
    setTimeout(() => controller.abort(), 5);
    await expect(running).rejects.toSatisfy((error: unknown) => ToexAbortError.isInstance(error));
  });

  it('on a graceful stop, sends nothing new but lets requests on the wire finish and be stored', async () => {
    const stop = new AbortController();
    const store = createMemoryContentStore<StoredTranslation>();
    let answered = 0;
    const provider = createFakeTranslator({
      limits: { maxItemsPerRequest: 1 },
      beforeAnswer: async (_request, call) => {
        if (call === 3) stop.abort();
        await tick(10);
        answered += 1;
      },
    });
    const rows = rowsOf(Array.from({ length: 40 }, (_, index) => `texto ${index}`));
    const running = collect(rows, {
      provider,
      to: ['en'],
      from: 'es',
      send: direct(provider),
      store,
      stopSignal: stop.signal,
      maxRequestsInFlight: 3,
    });
    await expect(running).rejects.toSatisfy((error: unknown) => ToexAbortError.isInstance(error));
    // The three requests on the wire when the stop came were answered, stored, and nothing more was sent.
    expect(provider.calls).toHaveLength(3);
    expect(answered).toBe(3);
    expect(store.size).toBe(3);
  });

  it('packs per source language when the provider cannot detect, using local detection', async () => {
    const provider = createFakeTranslator({ detectsLanguage: false });
    const detector = detectorOf((text) => ({
      language: text.startsWith('bon') ? 'ca' : 'es',
      reliable: true,
    }));
    const output = await collect(rowsOf(['hola amigo', 'bon dia', 'buenas noches', 'bona nit']), {
      provider,
      to: ['en'],
      send: direct(provider),
      detector,
    });
    expect(provider.calls.map((call) => [call.from, call.texts])).toEqual([
      ['es', ['hola amigo', 'buenas noches']],
      ['ca', ['bon dia', 'bona nit']],
    ]);
    expect(output.map((row) => row.texts[0]!.language)).toEqual(['es', 'ca', 'es', 'ca']);
  });

  it('packs texts that wait for their language with the rest, not in requests of their own', async () => {
    const provider = createFakeTranslator({
      detectsLanguage: false,
      limits: { maxItemsPerRequest: 5_000, maxCharactersPerRequest: 500_000 },
    });
    // Answers later than the input ends, batch by batch, as a worker thread does.
    const detector: LanguageDetector = {
      detectMany: async (texts) => {
        await tick(5);
        return texts.map(() => ({ language: 'es', reliable: true }));
      },
    };
    const texts = Array.from({ length: 1_300 }, (_, index) => `mensaje número ${index}`);
    await collect(rowsOf(texts), { provider, to: ['en'], send: direct(provider), detector });
    expect(provider.calls.map((call) => call.texts.length)).toEqual([1_300]);
  });

  it('skips long texts reliably detected as already in the target language', async () => {
    const provider = createFakeTranslator();
    const detector = detectorOf((text) => ({ language: /the/.test(text) ? 'en' : 'es', reliable: true }));
    const output = await collect(
      rowsOf(['see you at the station tonight', 'nos vemos en la estación', 'the end']),
      {
        provider,
        to: ['en'],
        send: direct(provider),
        detector,
      },
    );
    // "the end" is too short to trust, so it is translated anyway.
    expect(output.map((row) => row.status)).toEqual(['skipped:target-language', 'ok', 'ok']);
  });

  it('with a provider that detects, asks the local detector only about texts it could skip, and reports the provider’s language', async () => {
    const provider = createFakeTranslator();
    const asked: string[] = [];
    const detector = detectorOf((text) => {
      asked.push(text);
      return { language: 'pl', reliable: true };
    });
    const texts = ['ok', 'nos vemos en la estacion', 'jaja', 'nos vemos mañana temprano'];
    const single = await collect(rowsOf(texts), { provider, to: ['en'], send: direct(provider), detector });
    // Short texts could never be skipped, and one with a letter English lacks (ñ) cannot be English, so
    // they cost no detection; the language column holds what the provider detected (the fake says
    // `es`), not the local guess.
    expect(asked).toEqual(['nos vemos en la estacion']);
    expect(single.map((row) => row.texts[0]!.language)).toEqual(['es', 'es', 'es', 'es']);

    asked.length = 0;
    await collect(rowsOf(texts), { provider, to: ['en', 'fr'], send: direct(provider), detector });
    // Two targets: nothing is skipped as "already in the target language", so nothing is detected.
    expect(asked).toEqual([]);
  });

  it('loses no row and no text under random failures, duplicates and latencies (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.constantFrom('hola', 'adiós', '', 'ok', '123', 'nos vemos', 'gracias hermano', 'buenas noches'),
          { maxLength: 80 },
        ),
        fc.integer({ min: 1, max: 7 }),
        fc.double({ min: 0, max: 0.4, noNaN: true }),
        async (texts, maxItems, failureRate) => {
          let call = 0;
          const provider = createFakeTranslator({
            limits: { maxItemsPerRequest: maxItems },
            beforeAnswer: async () => {
              call += 1;
              await tick(call % 3);
              if ((call * 7919) % 100 < failureRate * 100) {
                throw new ApiCallError({
                  message: 'unavailable',
                  url: 'https://x.test',
                  method: 'POST',
                  statusCode: 503,
                  retryable: true,
                });
              }
            },
          });
          const output = await collect(rowsOf(texts), {
            provider,
            to: ['en'],
            from: 'es',
            send: direct(provider),
            maxRequestsInFlight: 3,
          });
          expect(output.map((row) => row.row.id)).toEqual(texts.map((_, index) => index));
          for (const row of output) {
            const text = row.texts[0]!;
            if (row.status === 'ok') expect(text.translations.en).toBe(`[en] ${text.source.toUpperCase()}`);
            else expect(row.status).toMatch(/^(skipped:|failed:http_503$)/);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
