import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ToexAbortError } from '../errors/abort-error';
import { ApiCallError } from '../errors/api-call-error';
import { silentLogger } from '../logging/silent-logger';
import { createHttpClient } from './create-http-client';
import type { FetchFunction } from './http-client';

// A transport that never answers and, like real fetch, rejects with the signal's reason once
// aborted — but only on the next timer tick, leaving room for the other signal to fire too.
const hangingFetch: FetchFunction = (_input, init) =>
  new Promise((_resolve, reject) => {
    const signal = init?.signal;
    signal?.addEventListener('abort', () => setTimeout(() => reject(signal.reason), 0), { once: true });
  });

const client = () =>
  createHttpClient({
    userAgent: 'toex/test/0.0.0',
    fetch: hangingFetch,
    timeoutMs: 1000,
    logger: silentLogger,
  });

afterEach(() => {
  vi.useRealTimers();
});

describe('timeout versus caller abort', () => {
  it('reports a timeout when the timeout fired first, even if the caller aborts just after', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const outcome = client()
      .request({ method: 'GET', url: 'https://api.example.test/x', signal: controller.signal })
      .catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1000);
    controller.abort();
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
  });

  it('reports the caller abort when it came first, even if the timeout fires before the transport settles', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const outcome = client()
      .request({ method: 'GET', url: 'https://api.example.test/x', signal: controller.signal })
      .catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(999);
    controller.abort(new Error('job cancelled'));
    await vi.advanceTimersByTimeAsync(5);
    const error = await outcome;
    expect(ToexAbortError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toEqual(new Error('job cancelled'));
  });

  it('does not send anything when the signal is already aborted', async () => {
    const fetchSpy = vi.fn(hangingFetch);
    const http = createHttpClient({ userAgent: 'toex/test/0.0.0', fetch: fetchSpy, logger: silentLogger });
    await expect(
      http.request({ method: 'GET', url: 'https://api.example.test/x', signal: AbortSignal.abort() }),
    ).rejects.toSatisfy(ToexAbortError.isInstance);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('leaves no timer behind after a request completes', async () => {
    vi.useFakeTimers();
    const http = createHttpClient({
      userAgent: 'toex/test/0.0.0',
      fetch: async () => new Response('{}', { status: 200 }),
      logger: silentLogger,
    });
    await http.request({ method: 'GET', url: 'https://api.example.test/x' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves nothing attached to a long-lived job signal, however many requests share it', async () => {
    const job = new AbortController();
    const http = createHttpClient({
      userAgent: 'toex/test/0.0.0',
      fetch: async () => new Response('{}', { status: 200 }),
      logger: silentLogger,
    });
    for (let index = 0; index < 50; index += 1) {
      await http.request({ method: 'GET', url: 'https://api.example.test/x', signal: job.signal });
    }
    await http
      .request({ method: 'GET', url: 'https://api.example.test/x', signal: job.signal })
      .catch(() => undefined);
    expect(getEventListeners(job.signal, 'abort')).toHaveLength(0);
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])('refuses timeoutMs %s', (timeoutMs) => {
    expect(() => createHttpClient({ userAgent: 'toex/test/0.0.0', timeoutMs })).toThrow(
      expect.objectContaining({ code: 'invalid_option', setting: 'timeoutMs' }),
    );
  });
});
