import { ToexError } from '@toex/core';

/** A programming mistake in a call (a negative count, a zero divisor): fix the calling code. */
export function invalidArgument(message: string): ToexError {
  return new ToexError({ code: 'invalid_argument', message });
}
