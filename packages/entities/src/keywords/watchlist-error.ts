import { hasMarker, ToexError } from '@toex/core';

const marker = 'toex.error.entities.watchlist';
const symbol = Symbol.for(marker);

/**
 * A watchlist cannot be used: a regular-expression term that does not compile. (A watchlist file that
 * cannot be read is an `InputError` naming the file and line.) Never retryable.
 */
export class WatchlistError extends ToexError {
  private readonly [symbol] = true;

  constructor(options: { code: string; message: string; cause?: unknown }) {
    super({ ...options, retryable: false });
    this.name = 'WatchlistError';
  }

  static override isInstance(error: unknown): error is WatchlistError {
    return hasMarker(error, marker);
  }
}
