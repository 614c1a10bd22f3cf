import { hasMarker, ToexError } from '@toex/core';

const marker = 'toex.error.usage';
const symbol = Symbol.for(marker);

/** The command line is wrong: a missing or malformed flag. Exit code 2. */
export class UsageError extends ToexError {
  private readonly [symbol] = true;

  constructor(message: string) {
    super({ code: 'usage', message });
    this.name = 'UsageError';
  }

  static override isInstance(error: unknown): error is UsageError {
    return hasMarker(error, marker);
  }
}
