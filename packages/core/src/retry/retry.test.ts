import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ToexAbortError } from '../errors/abort-error';
import { ApiCallError } from '../errors/api-call-error';
import { ConfigurationError } from '../errors/configuration-error';
import { RetryError } from '../errors/retry-error';
import { ToexError } from '../errors/toex-error';
import { backoffCeilingMs, backoffDelayMs } from './backoff-delay';
import { type RetryEvent, retry } from './retry';

const throttled = (retryAfterMs?: number): ApiCallError =>
  new ApiCallError({
    method: 'POST',
    url: 'https://api.example.test/translate',
    statusCode: 429,
    retryAfterMs,
  });
const unavailable = (): ApiCallError =>
  new ApiCallError({ method: 'POST', url: 'https://api.example.test/translate', statusCode: 503 });

/** A sleep that records the requested waits and returns at once. */
function recordingSleep(): { sleep: (delayMs: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (delayMs) => {
      waits.push(delayMs);
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('retry', () => {
  it('returns the first successful result and passes attempt numbers from 1', async () => {
    const { sleep } = recordingSleep();
    const attempts: number[] = [];
    const result = await retry(
      async (attempt) => {
        attempts.push(attempt);
        if (attempt < 3) throw unavailable();
        return 'translated';
      },
      { sleep, random: () => 0.5 },
    );
    expect(result).toBe('translated');
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('waits exactly the Retry-After the error carries, then tries again', async () => {
    vi.useFakeTimers();
    const operation = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(throttled(2000))
      .mockResolvedValue('ok');
    const result = retry(operation);
    await vi.advanceTimersByTimeAsync(0);
    expect(operation).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1999);
    expect(operation).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(operation).toHaveBeenCalledTimes(2);
    await expect(result).resolves.toBe('ok');
  });

  it('clamps a Retry-After longer than maxRetryAfterMs to the cap', async () => {
    const { sleep, waits } = recordingSleep();
    const events: RetryEvent[] = [];
    await retry(
      async (attempt) => {
        if (attempt === 1) throw throttled(3_600_000);
        return 'ok';
      },
      { sleep, maxRetryAfterMs: 60_000, onRetry: (event) => events.push(event) },
    );
    expect(waits).toEqual([60_000]);
    expect(events[0]).toMatchObject({
      attempt: 1,
      delayMs: 60_000,
      delaySource: 'retry-after',
      maxRetries: 3,
    });
    expect(ApiCallError.isInstance(events[0]?.error) && events[0].error.statusCode).toBe(429);
  });

  it('uses exponential backoff with full jitter when the server gives no Retry-After', async () => {
    const { sleep, waits } = recordingSleep();
    await expect(
      retry(
        async () => {
          throw unavailable();
        },
        { sleep, random: () => 0.999_999, baseDelayMs: 500, maxDelayMs: 30_000, maxRetries: 3 },
      ),
    ).rejects.toSatisfy(RetryError.isInstance);
    // With random() just under 1 the wait sits at the top of the envelope: 500, 1000, 2000 ms.
    expect(waits).toEqual([499, 999, 1999]);
  });

  it('keeps every backoff wait within [0, envelope] and the envelope doubles up to maxDelayMs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 1, max: 120_000 }),
        (attempt, randomValue, baseDelayMs, maxDelayMs) => {
          const ceiling = backoffCeilingMs({ attempt, baseDelayMs, maxDelayMs });
          const wait = backoffDelayMs({ attempt, baseDelayMs, maxDelayMs, random: () => randomValue });
          expect(wait).toBeGreaterThanOrEqual(0);
          expect(wait).toBeLessThanOrEqual(ceiling);
          expect(ceiling).toBe(Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
        },
      ),
    );
    const envelope = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) =>
      backoffCeilingMs({ attempt, baseDelayMs: 500, maxDelayMs: 30_000 }),
    );
    expect(envelope).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  it('keeps each wait of a real retry run within [0, envelope] with a seeded random', async () => {
    // mulberry32: a tiny seeded generator, so the run is reproducible yet not a constant.
    let seed = 42;
    const seeded = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let value = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
      return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
    };
    const { sleep, waits } = recordingSleep();
    await retry(
      async () => {
        throw unavailable();
      },
      { sleep, random: seeded, maxRetries: 8, baseDelayMs: 500, maxDelayMs: 30_000 },
    ).catch(() => undefined);
    expect(waits).toHaveLength(8);
    waits.forEach((wait, index) => {
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThanOrEqual(
        backoffCeilingMs({ attempt: index + 1, baseDelayMs: 500, maxDelayMs: 30_000 }),
      );
    });
    expect(new Set(waits).size).toBeGreaterThan(1);
  });

  it('throws RetryError with every attempt recorded once retries run out', async () => {
    const { sleep } = recordingSleep();
    const thrown: ApiCallError[] = [];
    const error = await retry(
      async () => {
        const failure = unavailable();
        thrown.push(failure);
        throw failure;
      },
      { sleep, maxRetries: 2 },
    ).catch((caught: unknown) => caught);
    expect(RetryError.isInstance(error)).toBe(true);
    const retryError = error as RetryError;
    expect(retryError.code).toBe('retries_exhausted');
    expect(retryError.attempts).toBe(3);
    expect(retryError.errors).toEqual(thrown);
    expect(retryError.lastError).toBe(thrown[2]);
    expect(retryError.cause).toBe(thrown[2]);
    expect(retryError.message).toMatch(
      /^Gave up after 3 attempts; the last one failed: POST https:\/\/api\.example\.test\/translate failed with HTTP 503/,
    );
  });

  it('rethrows the single error unchanged with maxRetries 0', async () => {
    const failure = unavailable();
    const operation = vi.fn(async () => {
      throw failure;
    });
    await expect(retry(operation, { maxRetries: 0 })).rejects.toBe(failure);
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('does not retry non-retryable errors and rethrows them unchanged', async () => {
    const badRequest = new ApiCallError({ method: 'POST', url: 'https://api.example.test', statusCode: 400 });
    const bug = new TypeError('undefined is not a function');
    for (const failure of [badRequest, bug, new ConfigurationError({ message: 'no key' })]) {
      const operation = vi.fn(async () => {
        throw failure;
      });
      await expect(retry(operation, { sleep: async () => {} })).rejects.toBe(failure);
      expect(operation).toHaveBeenCalledTimes(1);
    }
  });

  it('never retries a ToexAbortError, even one marked retryable by mistake', async () => {
    const abort = new ToexAbortError();
    const operation = vi.fn(async () => {
      throw abort;
    });
    await expect(retry(operation, { sleep: async () => {} })).rejects.toBe(abort);
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('never retries a RetryError from a nested loop, so attempts do not multiply', async () => {
    const inner = new RetryError({ errors: [unavailable(), unavailable()] });
    const operation = vi.fn(async () => {
      throw inner;
    });
    await expect(retry(operation, { sleep: async () => {} })).rejects.toBe(inner);
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('rejects promptly with ToexAbortError when aborted during a wait, and never calls the operation again', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const operation = vi.fn(async () => {
      throw throttled(30_000);
    });
    const result = retry(operation, { signal: controller.signal }).catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(100);
    expect(operation).toHaveBeenCalledTimes(1);
    controller.abort();
    const error = await result;
    expect(ToexAbortError.isInstance(error)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('does not start when the signal is already aborted', async () => {
    const operation = vi.fn(async () => 'ok');
    await expect(retry(operation, { signal: AbortSignal.abort() })).rejects.toSatisfy(
      ToexAbortError.isInstance,
    );
    expect(operation).not.toHaveBeenCalled();
  });

  it('reports an abort rather than the retryable failure it caused', async () => {
    const controller = new AbortController();
    const error = await retry(
      async () => {
        controller.abort();
        throw unavailable();
      },
      { signal: controller.signal, sleep: async () => {} },
    ).catch((caught: unknown) => caught);
    expect(ToexAbortError.isInstance(error)).toBe(true);
  });

  it('retries any retryable toex error, not only HTTP ones', async () => {
    const { sleep } = recordingSleep();
    const result = await retry(
      async (attempt) => {
        if (attempt === 1) throw new ToexError({ code: 'store_busy', message: 'busy', retryable: true });
        return attempt;
      },
      { sleep },
    );
    expect(result).toBe(2);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses maxRetries %s', async (maxRetries) => {
    const operation = vi.fn(async () => 'ok');
    const error = await retry(operation, { maxRetries }).catch((caught: unknown) => caught);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'invalid_option', setting: 'maxRetries' });
    expect(operation).not.toHaveBeenCalled();
  });

  it('refuses negative delay settings', async () => {
    await expect(retry(async () => 'ok', { baseDelayMs: -1 })).rejects.toMatchObject({
      setting: 'baseDelayMs',
    });
  });
});
