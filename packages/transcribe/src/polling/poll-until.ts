import { type Clock, systemClock, ToexAbortError } from '@toex/core';
import { TranscriptionError } from '../errors/transcription-error';

/** Options of {@link pollUntil}. */
export interface PollOptions<T> {
  /** One status request (through the core HTTP client). */
  poll: () => Promise<T>;
  /** True when `value` is a final state (success or failure); the caller then inspects it. */
  isFinal: (value: T) => boolean;
  /** Wait between polls, in milliseconds. */
  intervalMs: number;
  /** Give up after this long, in milliseconds. */
  timeoutMs: number;
  /** What is being waited for, for the timeout message (e.g. `Azure batch transcription 1234`). */
  description: string;
  clock?: Clock;
  signal?: AbortSignal | undefined;
}

/**
 * Polls a provider's long-running job until it reaches a final state. Waits on `clock` (a simulated
 * clock in tests) and stops at once when `signal` aborts.
 *
 * On timeout it throws a **non-retryable** `TranscriptionError` (`polling_timeout`): the job may still
 * finish and bill at the provider, so submitting it again would pay twice; the message names the job so
 * its result can be fetched by hand.
 */
export async function pollUntil<T>(options: PollOptions<T>): Promise<T> {
  const clock = options.clock ?? systemClock;
  const deadline = clock.now() + options.timeoutMs;
  for (;;) {
    ToexAbortError.throwIfAborted(options.signal);
    const value = await options.poll();
    if (options.isFinal(value)) return value;
    if (clock.now() + options.intervalMs > deadline) {
      throw new TranscriptionError({
        code: 'polling_timeout',
        retryable: false,
        message: `${options.description} did not finish within ${Math.round(options.timeoutMs / 1000)} s. It may still complete at the provider; fetch its result there rather than submitting again (which would be billed again).`,
      });
    }
    await clock.sleep(options.intervalMs, options.signal);
  }
}
