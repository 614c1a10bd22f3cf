import { hasMarker, ToexError } from './toex-error';

const marker = 'toex.error.abort';
const symbol = Symbol.for(marker);

/** The caller aborted the work through its `AbortSignal`. Never retried. */
export class ToexAbortError extends ToexError {
  private readonly [symbol] = true;

  constructor(options: { message?: string; cause?: unknown } = {}) {
    super({
      code: 'aborted',
      message: options.message ?? 'The operation was aborted by the caller.',
      cause: options.cause,
    });
    this.name = 'ToexAbortError';
  }

  static override isInstance(error: unknown): error is ToexAbortError {
    return hasMarker(error, marker);
  }

  /** Throws a `ToexAbortError` carrying the signal's reason if `signal` is aborted. */
  static throwIfAborted(signal: AbortSignal | undefined): void {
    if (signal?.aborted) throw new ToexAbortError({ cause: signal.reason });
  }
}
