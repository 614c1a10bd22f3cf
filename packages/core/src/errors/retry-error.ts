import { hasMarker, ToexError } from './toex-error';

const marker = 'toex.error.retry';
const symbol = Symbol.for(marker);

/**
 * Every attempt at an operation failed with a retryable error and the retry budget is spent.
 * `lastError` (also the `cause`) says what went wrong; `errors` holds one error per attempt, in
 * order. `retryable` is the last error's: a later run (e.g. resuming the job) may still succeed,
 * but the retry loop itself never retries a `RetryError`.
 */
export class RetryError extends ToexError {
  private readonly [symbol] = true;
  /** How many times the operation was attempted (retries + 1). */
  readonly attempts: number;
  /** The error of each attempt, oldest first. */
  readonly errors: readonly ToexError[];
  /** The error of the final attempt. */
  readonly lastError: ToexError;

  constructor(options: { errors: readonly ToexError[]; message?: string }) {
    const lastError = options.errors.at(-1);
    if (lastError === undefined) throw new TypeError('RetryError needs at least one error.');
    const attempts = options.errors.length;
    super({
      code: 'retries_exhausted',
      message:
        options.message ??
        `Gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}; the last one failed: ${lastError.message}`,
      retryable: lastError.retryable,
      cause: lastError,
    });
    this.name = 'RetryError';
    this.attempts = attempts;
    this.errors = [...options.errors];
    this.lastError = lastError;
  }

  static override isInstance(error: unknown): error is RetryError {
    return hasMarker(error, marker);
  }
}
