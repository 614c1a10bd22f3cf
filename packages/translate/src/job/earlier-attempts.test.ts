import { createMemoryContentStore, createRateLimiter, type RateLimiter } from '@toex/core';
import { describe, expect, it } from 'vitest';
import type { StoredTranslation } from '../pipeline/stored-translation';
import { createFakeTranslator } from '../testing';
import { translateTexts } from './translate-texts';

const texts = ['hola amigo', 'buenos días', '¿dónde estás?', 'nos vemos mañana'];
const characters = (list: readonly string[]) => list.reduce((sum, text) => sum + text.length, 0);

describe('billing what earlier attempts of a job paid for', () => {
  it("bills memory hits its own earlier attempt paid for, once, and never another job's", async () => {
    const store = createMemoryContentStore<StoredTranslation>();
    const provider = createFakeTranslator({ limits: { maxItemsPerRequest: 1 } });
    // The killed attempt of job A got the first two texts back and stored them.
    await translateTexts(texts.slice(0, 2), { provider, from: 'es', to: ['en'], cache: store, jobId: 'A' });

    const resumed = await translateTexts(texts, {
      provider,
      from: 'es',
      to: ['en'],
      cache: store,
      jobId: 'A',
      billEarlierAttempts: true,
    });
    // All four texts were paid for by job A's attempts: the resumed job bills all of them.
    expect(resumed.billedCharacters).toBe(characters(texts));
    expect(resumed.stats.earlierAttemptSegments).toBe(2);

    const other = await translateTexts(texts, {
      provider,
      from: 'es',
      to: ['en'],
      cache: store,
      jobId: 'B',
      billEarlierAttempts: true,
    });
    // Job B found everything in the memory, paid for by A: it costs B nothing.
    expect(other.billedCharacters).toBe(0);
    expect(provider.calls).toHaveLength(4);
  });

  it('bills memory hits as free without billEarlierAttempts (a rerun by hand)', async () => {
    const store = createMemoryContentStore<StoredTranslation>();
    const provider = createFakeTranslator();
    await translateTexts(texts, { provider, from: 'es', to: ['en'], cache: store, jobId: 'A' });
    const rerun = await translateTexts(texts, { provider, from: 'es', to: ['en'], cache: store, jobId: 'A' });
    expect(rerun.billedCharacters).toBe(0);
  });
});

describe('an injected rate limiter', () => {
  it('paces every request through the shared limiter, with the job’s own cap on requests in flight', async () => {
    const granted: number[] = [];
    const shared = createRateLimiter({
      budgets: [{ unit: 'characters', limit: 1_000_000, windowMs: 60_000 }],
    });
    const counting: RateLimiter = {
      ...shared,
      acquire: async (request, signal) => {
        granted.push(request.characters ?? 0);
        return shared.acquire(request, signal);
      },
      throttled: (options) => shared.throttled(options),
      succeeded: () => shared.succeeded(),
      stats: () => shared.stats(),
    };
    let inFlight = 0;
    let mostInFlight = 0;
    const provider = createFakeTranslator({
      limits: { maxItemsPerRequest: 1 },
      beforeAnswer: async () => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
      },
    });
    const result = await translateTexts(texts, {
      provider,
      from: 'es',
      to: ['en'],
      concurrency: 2,
      rateLimiter: counting,
    });
    expect(result.texts.every((entry) => entry.status === 'ok')).toBe(true);
    expect(granted.sort((a, b) => a - b)).toEqual(texts.map((text) => text.length).sort((a, b) => a - b));
    expect(mostInFlight).toBeLessThanOrEqual(2);
  });
});
