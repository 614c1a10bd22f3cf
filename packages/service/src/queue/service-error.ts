import { hasMarker, ToexError } from '@toex/core';

const marker = 'toex.error.service';
const symbol = Symbol.for(marker);

/** Something went wrong in the queue or a worker: a job not found, a payload refused, Redis unreachable. */
export class ServiceError extends ToexError {
  private readonly [symbol] = true;

  constructor(options: { code: string; message: string; retryable?: boolean; cause?: unknown }) {
    super(options);
    this.name = 'ServiceError';
  }

  /** True for a `ServiceError`, also one from another copy of this package. */
  static override isInstance(error: unknown): error is ServiceError {
    return hasMarker(error, marker);
  }
}
