import { InputError, ToexError } from '@toex/core';
import { CsvError } from 'csv-parse';

/** Where the parser was when it failed. */
export interface CsvErrorContext {
  /** The input as named in messages. */
  file: string | undefined;
  /** 1-based line where the row being parsed starts. */
  line: number;
  /** The `maxRowCharacters` limit in force, for the message. */
  maxRowCharacters: number;
}

/**
 * Turns a csv-parse error into an `InputError` that names the line where the failing row starts and says
 * what to do. toex errors (for example a decoding error raised upstream) pass through unchanged.
 *
 * csv-parse reports where it gave up (often the end of the file); the start of the row is what a person
 * needs, because that is where the stray quote usually is.
 */
export function mapCsvParseError(error: unknown, context: CsvErrorContext): unknown {
  if (ToexError.isInstance(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const { file, line } = context;
  if (code === 'CSV_QUOTE_NOT_CLOSED') {
    return new InputError({
      code: 'unbalanced_quote',
      file,
      line,
      message:
        'a quoted cell in the row starting here is never closed: the file ends inside it. ' +
        'Look for a stray " in this row (a quote inside a cell must be written as ""), fix it and run again.',
      cause: error,
    });
  }
  if (code === 'CSV_MAX_RECORD_SIZE') {
    const quoting = (error as { quoting?: unknown }).quoting === true;
    const limit = context.maxRowCharacters.toLocaleString('en-GB');
    return new InputError({
      code: quoting ? 'unbalanced_quote' : 'row_too_long',
      file,
      line,
      message: quoting
        ? `the row starting here is still inside a quoted cell after ${limit} characters: a quote in it is probably never closed. ` +
          'Look for a stray " in this row (a quote inside a cell must be written as ""), fix it and run again.'
        : `the row starting here is longer than ${limit} characters. Check the delimiter, or raise maxRowCharacters if the row is genuine.`,
      cause: error,
    });
  }
  if (error instanceof CsvError) {
    const detail = error.message;
    return new InputError({
      code: 'invalid_csv',
      file,
      line,
      message: `the row starting here cannot be read as CSV (${detail}). Fix the row and run again.`,
      cause: error,
    });
  }
  return error;
}
