import { ApiCallError, createRateLimiter, createSimulatedClock } from '@toex/core';
import { describe, expect, it } from 'vitest';
import { createFakeTranslator } from '../testing';
import { createRequestSender } from './request-sender';

// What the request sender tells the pacing limiter when an attempt fails: a 429 is a refusal the provider
// did not count, so its characters go back; a timeout or reset may have been counted, so they stay.

const url = 'https://api.cognitive.microsofttranslator.com/translate';

const failures = {
  http_429: () =>
    new ApiCallError({ method: 'POST', url, statusCode: 429, providerCode: '429001', retryAfterMs: 1_000 }),
  timeout: () =>
    new ApiCallError({ method: 'POST', url, code: 'timeout', problem: 'timed out after 100 ms' }),
  network_error: () => new ApiCallError({ method: 'POST', url, problem: 'failed: socket hang up' }),
};

/**
 * Two requests of 400 characters against a quota of 400 a minute, counted from the answer. The first
 * attempt of the first request fails as given; everything else is answered. Returns when the provider
 * saw each attempt, in simulated time, and the limiter's counters.
 */
async function sendTwo(failure: keyof typeof failures) {
  const clock = createSimulatedClock();
  const limiter = createRateLimiter({
    budgets: [{ unit: 'characters', limit: 400, windowMs: 60_000 }],
    clock,
    countUnitsFrom: 'release',
  });
  const seen: Array<{ text: string; atMs: number }> = [];
  const provider = createFakeTranslator({
    limits: { maxCharactersPerRequest: 50_000 },
    beforeAnswer: (request, callNumber) => {
      seen.push({ text: request.texts[0]!.slice(0, 1), atMs: clock.now() });
      if (callNumber === 1) throw failures[failure]();
    },
  });
  const send = createRequestSender({
    provider,
    limiter,
    // The retry loop's own wait returns at once: only the limiter decides when attempts go out.
    retry: { maxRetries: 3, random: () => 0.5, sleep: async () => {} },
  });
  const signal = new AbortController().signal;
  const request = (letter: string) =>
    send({ texts: [letter.repeat(400)], to: ['en'] }, { characters: 400, texts: 1 }, signal);
  const answers = Promise.all([request('a'), request('b')]);
  await clock.runAll();
  await answers;
  return { seen, stats: limiter.stats() };
}

describe('createRequestSender with a pacing limiter', () => {
  it('gives a 429 its characters back, so the next request waits only for Retry-After', async () => {
    const { seen, stats } = await sendTwo('http_429');
    // b goes out when the pause ends, not a minute after the refused attempt; a's retry follows b's minute.
    expect(seen).toEqual([
      { text: 'a', atMs: 0 },
      { text: 'b', atMs: 1_000 },
      { text: 'a', atMs: 61_001 },
    ]);
    expect(stats).toMatchObject({ throttles: 1, refunds: 1 });
    expect(stats.budgets[0]).toMatchObject({ unitsGranted: 1_200, unitsRefunded: 400 });
  });

  it.each(['timeout', 'network_error'] as const)(
    'keeps the characters of an attempt that ended in %s, which the provider may have counted',
    async (failure) => {
      const { seen, stats } = await sendTwo(failure);
      expect(seen).toEqual([
        { text: 'a', atMs: 0 },
        { text: 'b', atMs: 60_001 },
        { text: 'a', atMs: 120_002 },
      ]);
      expect(stats).toMatchObject({ throttles: 0, refunds: 0 });
      expect(stats.budgets[0]).toMatchObject({ unitsGranted: 1_200, unitsRefunded: 0 });
    },
  );
});
