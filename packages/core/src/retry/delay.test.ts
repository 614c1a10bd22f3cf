import { afterEach, describe, expect, it, vi } from 'vitest';
import { ToexAbortError } from '../errors/abort-error';
import { delay } from './delay';

afterEach(() => {
  vi.useRealTimers();
});

describe('delay', () => {
  it('resolves only once the time has passed', async () => {
    vi.useFakeTimers();
    let done = false;
    const waiting = delay(1000).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
  });

  it('rejects with ToexAbortError as soon as the signal aborts, keeping the reason as cause', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const waiting = delay(60_000, controller.signal);
    controller.abort(new Error('user pressed Ctrl+C'));
    const error = await waiting.catch((caught: unknown) => caught);
    expect(ToexAbortError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toEqual(new Error('user pressed Ctrl+C'));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once for an already aborted signal', async () => {
    await expect(delay(10, AbortSignal.abort())).rejects.toSatisfy(ToexAbortError.isInstance);
  });

  it('refuses delays Node would silently shorten to 1 ms', async () => {
    await expect(delay(2 ** 31)).rejects.toBeInstanceOf(RangeError);
  });
});
