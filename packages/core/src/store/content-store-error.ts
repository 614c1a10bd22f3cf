import { hasMarker, ToexError } from '../errors/toex-error';

const marker = 'toex.error.content_store';
const symbol = Symbol.for(marker);

/**
 * The content store could not do what was asked: a value is not JSON-serialisable or fails the
 * store's schema (`invalid_value`), the store was used after `close()` (`content_store_closed`), or the
 * file could not be read or written (`content_store_io`, with the system error as `cause`).
 */
export class ContentStoreError extends ToexError {
  private readonly [symbol] = true;
  /** The store file, for file-backed stores. */
  readonly path: string | undefined;

  constructor(options: { code: string; message: string; path?: string; cause?: unknown }) {
    super({ code: options.code, message: options.message, cause: options.cause });
    this.name = 'ContentStoreError';
    this.path = options.path;
  }

  static override isInstance(error: unknown): error is ContentStoreError {
    return hasMarker(error, marker);
  }
}
