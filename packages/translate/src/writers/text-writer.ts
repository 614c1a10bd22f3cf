import type { OutputRows, WriteResult, WriterOptions } from './output-row';
import { writeOutput } from './write-output';

/** Options for {@link writeText}. */
export interface TextWriterOptions extends WriterOptions {
  /** Which added cell to write for each row (0-based into `added`). Defaults to 0. */
  column?: number;
  /** Line ending. Defaults to `\r\n`, which every Windows and Unix tool reads. */
  lineEnding?: '\n' | '\r\n';
  /** Start with a UTF-8 byte-order mark. Defaults to false. */
  byteOrderMark?: boolean;
}

/** What {@link writeText} wrote. */
export interface TextWriteResult extends WriteResult {
  /** Rows whose text held line breaks, written joined by spaces to keep one line per row. */
  joinedRows: number;
}

/**
 * Writes one text per line, in the order given: line `n` of the output is the translation of line `n` of
 * the input. Line breaks inside a text are replaced by spaces so the lines stay aligned (counted in
 * `joinedRows`). No formula neutralisation: this is not a spreadsheet format.
 */
export async function writeText(rows: OutputRows, options: TextWriterOptions): Promise<TextWriteResult> {
  const column = options.column ?? 0;
  const lineEnding = options.lineEnding ?? '\r\n';
  let joinedRows = 0;
  const result = await writeOutput(rows, options, {
    prefix: options.byteOrderMark === true ? '\uFEFF' : '',
    serialise: ({ added }) => {
      const text = added[column] ?? '';
      const oneLine = text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
      if (oneLine !== text) joinedRows++;
      return `${oneLine}${lineEnding}`;
    },
  });
  return { ...result, joinedRows };
}
