import { ToexError } from '@toex/core';

/**
 * Wraps a row generator so it can be iterated only once. A second `for await` would otherwise see an
 * exhausted generator and silently yield nothing — a job that "translated" zero rows. It throws instead.
 */
export function singleUseRows<Row>(rows: AsyncGenerator<Row>): AsyncIterable<Row> {
  let used = false;
  return {
    [Symbol.asyncIterator](): AsyncIterator<Row> {
      if (used) {
        throw new ToexError({
          code: 'rows_already_read',
          message: 'The rows of this input were already read; open the input again to read them again.',
        });
      }
      used = true;
      return rows;
    },
  };
}
