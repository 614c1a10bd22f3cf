import { ToexAbortError } from '../errors/abort-error';
import { ConfigurationError } from '../errors/configuration-error';
import { RetryError } from '../errors/retry-error';
import { ToexError } from '../errors/toex-error';
import { backoffDelayMs } from './backoff-delay';
import { delay, MAX_DELAY_MS } from './delay';

/** What the retry loop tells `onRetry` before it waits. */
export interface RetryEvent {
  /** The attempt that just failed, counting from 1; the next attempt is `attempt + 1`. */
  attempt: number;
  /** The configured number of retries, so `attempt` of `maxRetries` can be shown. */
  maxRetries: number;
  /** How long the loop will wait before the next attempt, in milliseconds. */
  delayMs: number;
  /** Where the wait came from: the server's `Retry-After` (capped) or exponential backoff. */
  delaySource: 'retry-after' | 'backoff';
  /** The retryable error of the attempt that failed. */
  error: ToexError;
}

/** Options of {@link retry}. Every field is optional. */
export interface RetryOptions {
  /** How many times to retry after the first attempt: a whole number ≥ 0. Default 3 (so up to 4 attempts). */
  maxRetries?: number;
  /** Upper bound of the first backoff wait, in milliseconds. Default 500. */
  baseDelayMs?: number;
  /** Upper bound of any backoff wait, in milliseconds. Default 30 000. */
  maxDelayMs?: number;
  /** Longest server-requested (`Retry-After`) wait honoured, in milliseconds; longer requests are clamped to it. Default 60 000. */
  maxRetryAfterMs?: number;
  /** Aborts the current wait and stops further attempts; the loop then rejects with `ToexAbortError`. */
  signal?: AbortSignal | undefined;
  /** Called before each wait, e.g. to emit a `retry` progress event or slow a rate limiter after a 429. */
  onRetry?: (event: RetryEvent) => void;
  /** Source of jitter in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Waits `delayMs`, rejecting when `signal` aborts. Default {@link delay}; tests inject a fake. */
  sleep?: (delayMs: number, signal: AbortSignal | undefined) => Promise<void>;
}

/** Default number of retries after the first attempt. */
export const DEFAULT_MAX_RETRIES = 3;

function checkDuration(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0 || value > MAX_DELAY_MS) {
    throw new ConfigurationError({
      code: 'invalid_option',
      setting: name,
      message: `${name} must be a number of milliseconds between 0 and ${MAX_DELAY_MS}; got ${String(value)}.`,
    });
  }
  return value;
}

function checkMaxRetries(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_RETRIES;
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigurationError({
      code: 'invalid_option',
      setting: 'maxRetries',
      message: `maxRetries must be a whole number of 0 or more; got ${String(value)}.`,
    });
  }
  return value;
}

function serverRequestedDelayMs(error: ToexError): number | undefined {
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function isRetryable(error: unknown): error is ToexError {
  // Aborts are the caller's decision, and a RetryError has already used a whole retry budget:
  // retrying either would defy the caller or multiply attempts in nested loops.
  if (ToexAbortError.isInstance(error) || RetryError.isInstance(error)) return false;
  return ToexError.isInstance(error) && error.retryable;
}

/**
 * Runs `operation` and, when it fails with a retryable toex error, waits and runs it again, up to
 * `maxRetries` more times. The only retry loop in toex: providers and the HTTP client never retry.
 *
 * The wait honours a server-requested delay carried by the error (`retryAfterMs`, from
 * `Retry-After` or `retry-after-ms`) up to `maxRetryAfterMs`; otherwise it is exponential backoff
 * with full jitter (see `backoffDelayMs`). `operation` receives the attempt number (from 1) and
 * the caller's signal.
 *
 * Errors that are not retryable — `ToexAbortError`, non-toex errors, toex errors with
 * `retryable: false` — are rethrown unchanged at once. When every attempt failed it throws
 * `RetryError` holding all of them; with `maxRetries: 0` the single error is rethrown unchanged.
 *
 * @throws ConfigurationError `invalid_option` for a bad `maxRetries` or delay setting.
 * @throws ToexAbortError when `signal` aborts before an attempt or during a wait.
 */
export async function retry<T>(
  operation: (attempt: number, signal: AbortSignal | undefined) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const maxRetries = checkMaxRetries(options.maxRetries);
  const baseDelayMs = checkDuration('baseDelayMs', options.baseDelayMs, 500);
  const maxDelayMs = checkDuration('maxDelayMs', options.maxDelayMs, 30_000);
  const maxRetryAfterMs = checkDuration('maxRetryAfterMs', options.maxRetryAfterMs, 60_000);
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? delay;
  const { signal } = options;
  const errors: ToexError[] = [];

  for (let attempt = 1; ; attempt += 1) {
    ToexAbortError.throwIfAborted(signal);
    try {
      return await operation(attempt, signal);
    } catch (error) {
      if (!isRetryable(error)) throw error;
      // The caller gave up while the attempt was failing: report the abort, not the side effect.
      if (signal?.aborted) throw new ToexAbortError({ cause: signal.reason });
      errors.push(error);
      if (attempt > maxRetries) {
        if (maxRetries === 0) throw error; // nothing was retried, so there is nothing to summarise
        throw new RetryError({ errors });
      }
      const requestedMs = serverRequestedDelayMs(error);
      const delayMs =
        requestedMs === undefined
          ? backoffDelayMs({ attempt, baseDelayMs, maxDelayMs, random })
          : Math.min(requestedMs, maxRetryAfterMs);
      options.onRetry?.({
        attempt,
        maxRetries,
        delayMs,
        delaySource: requestedMs === undefined ? 'backoff' : 'retry-after',
        error,
      });
      await sleep(delayMs, signal);
    }
  }
}
