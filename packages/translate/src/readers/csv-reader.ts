import { ConfigurationError, formatLocation, InputError } from '@toex/core';
import { countLineBreaks } from './count-line-breaks';
import { type CsvRecordSource, createCsvRecordSource } from './csv-record-source';
import { decodeText } from './decode-text';
import { detectCsvLayout } from './detect-csv-layout';
import { detectEncoding } from './detect-encoding';
import { mapCsvParseError } from './map-csv-parse-error';
import { type InputSource, openInput } from './open-input';
import { pickTextColumns } from './pick-text-columns';
import { singleUseRows } from './single-use-rows';
import type { InputDocument, ReaderWarning, SourceRow, TextColumnChoice } from './source-row';
import { utf8Chunks } from './utf8-chunks';

/** Options for {@link readCsv}. Every detection can be overridden. */
export interface CsvReaderOptions {
  /** Names the input in messages when `source` is not a path (e.g. `<stdin>`). */
  file?: string;
  /** Character encoding instead of detecting it (`--encoding`): any `TextDecoder` label. */
  encoding?: string;
  /** Cell delimiter instead of sniffing comma, semicolon or tab: one character, e.g. `|`. */
  delimiter?: string;
  /** 1-based line of the header row, instead of finding it. Lines above it become the preamble. */
  headerLine?: number;
  /** The file has no header row: columns are named `Column 1`, `Column 2`… and every line is data. */
  noHeader?: boolean;
  /** Columns to translate instead of choosing (`--column`, repeatable); see `pickTextColumns`. */
  columns?: readonly string[];
  /** Rows read ahead to choose the text column. Defaults to 200. */
  sampleRows?: number;
  /**
   * Longest row accepted, in characters; a longer one stops with `InputError` (usually an unclosed quote
   * swallowing the rest of the file). Bounds memory. Defaults to 1,000,000.
   */
  maxRowCharacters?: number;
  /** Called for each malformed row that is kept (see {@link ReaderWarning}). */
  onWarning?: (warning: ReaderWarning) => void;
}

// The head of the file examined for the layout: at least this much text and this many lines, unless the
// file is shorter, but never more than the cap (a giant quoted cell at the top must not fill memory).
const headMinimumCharacters = 64 * 1024;
const headMinimumLines = 40;
const headMaximumCharacters = 1024 * 1024;

/**
 * Opens a CSV export (Cellebrite, XRY/XAMN, AXIOM, spreadsheet "Save as CSV"…) and streams its rows.
 *
 * Detected, each overridable: the encoding (`detectEncoding`), the delimiter and the header row with any
 * preamble above it (`detectCsvLayout`), and the column holding the messages (`pickTextColumns`). Quoted
 * cells may span lines; `\r\n`, `\n` and `\r` line endings may be mixed. Every row is delivered, in order,
 * with the line it starts on: a row with more or fewer cells than the header is kept as read and reported
 * through `onWarning`; a blank line is a row of empty cells.
 *
 * Memory stays flat: only the head of the file and the sampled rows are held; the rest is parsed as it is
 * read. Errors are `InputError`s naming the file and line: `file_not_found`, `empty_file`, `binary_file`,
 * `unknown_encoding`, `invalid_encoding`, `no_header`, `no_such_column`, `no_text_column`,
 * `unbalanced_quote`, `row_too_long`, `invalid_csv`. A file with a header and no rows is not an error.
 *
 * @example
 * const input = await readCsv('phone-1/chats.csv', { onWarning: (warning) => console.warn(warning.message) });
 * console.log(input.encoding.reason, input.layout, input.textColumns.reason);
 * for await (const row of input.rows) console.log(row.line, row.texts[0]?.text);
 */
export async function readCsv(source: InputSource, options: CsvReaderOptions = {}): Promise<InputDocument> {
  checkOptions(options);
  const maxRowCharacters = options.maxRowCharacters ?? 1_000_000;
  const input = await openInput(source, { file: options.file });
  const { file } = input;
  let records: CsvRecordSource | undefined;
  const close = async (): Promise<void> => {
    await records?.close();
    await input.close();
  };

  try {
    if (input.complete && input.sample.length === 0) throw emptyFile(file);
    const encoding = detectEncoding(input.sample, { encoding: options.encoding, file });
    // UTF-8 goes to the parser as the bytes it is (checked, not decoded); other encodings as text.
    const utf8 = encoding.name === 'utf-8';
    const text: AsyncIterator<string | Uint8Array> = utf8
      ? utf8Chunks(input.chunks, encoding, file)
      : decodeText(input.chunks, encoding, file);
    const { head, complete } = await readHead(
      utf8 ? decodeEach(text as AsyncIterator<Uint8Array>) : (text as AsyncIterator<string>),
    );
    if (complete && head === '') throw emptyFile(file);
    const layout = detectCsvLayout(head, {
      complete,
      delimiter: options.delimiter,
      headerLine: options.headerLine,
      noHeader: options.noHeader,
      file,
    });

    async function* body(): AsyncGenerator<string | Uint8Array> {
      yield head.slice(layout.startOffset);
      for (let next = await text.next(); next.done !== true; next = await text.next()) yield next.value;
    }
    const source = createCsvRecordSource(body(), {
      delimiter: layout.delimiter,
      // Explicit, so files mixing line endings split correctly (auto-detection fixes on the first one seen).
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      max_record_size: maxRowCharacters,
      bom: false,
    });
    records = source;
    let nextLine = layout.startLine;
    // The line the record last returned by `nextRecord` starts on (kept aside: a row is built per record,
    // and an intermediate object per record would be one more allocation for each of millions).
    let recordLine = nextLine;
    const nextRecord = async (): Promise<string[] | undefined> => {
      let cells: string[] | undefined;
      try {
        cells = await source.next();
      } catch (error) {
        throw mapCsvParseError(error, { file, line: nextLine, maxRowCharacters });
      }
      if (cells === undefined) return undefined;
      recordLine = nextLine;
      nextLine += 1;
      for (const cell of cells) nextLine += countLineBreaks(cell);
      return cells;
    };

    let header: string[];
    if (layout.header === undefined) {
      header = Array.from({ length: layout.columnCount }, (_, index) => `Column ${index + 1}`);
    } else {
      header = (await nextRecord()) ?? layout.header;
    }

    let index = 0;
    const checkWidth = (row: Omit<SourceRow, 'texts'>): void => {
      const blank = row.cells.length === 1 && row.cells[0] === '';
      if (row.cells.length !== header.length && !blank) {
        options.onWarning?.(columnCountWarning(row, header.length, file));
      }
    };

    const sampled: Array<Omit<SourceRow, 'texts'>> = [];
    const sampleSize = options.sampleRows ?? 200;
    while (sampled.length < sampleSize) {
      const cells = await nextRecord();
      if (cells === undefined) break;
      const row = { index: index++, line: recordLine, cells };
      checkWidth(row);
      sampled.push(row);
    }
    const textColumns: TextColumnChoice =
      sampled.length === 0 && options.columns === undefined
        ? emptyChoice(header)
        : pickTextColumns({
            header,
            sample: sampled.map((row) => row.cells),
            requested: options.columns,
            file,
          });
    const textsOf = (cells: readonly string[]): SourceRow['texts'] =>
      textColumns.columns.map((column) => ({ column: column.name, text: cells[column.index] ?? '' }));

    async function* rows(): AsyncGenerator<SourceRow> {
      try {
        for (const row of sampled.splice(0)) yield { ...row, texts: textsOf(row.cells) };
        for (;;) {
          const cells = await nextRecord();
          if (cells === undefined) break;
          const row: SourceRow = { index: index++, line: recordLine, cells, texts: textsOf(cells) };
          checkWidth(row);
          yield row;
        }
      } finally {
        await close();
      }
    }

    return {
      format: 'csv',
      file,
      encoding,
      delimiter: layout.delimiter,
      preamble: layout.preamble,
      ...(layout.header === undefined ? {} : { headerLine: layout.startLine }),
      header,
      textColumns,
      layout: layout.description,
      rows: singleUseRows(rows()),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Decodes chunks that each end on a character boundary (see `utf8Chunks`), one by one. */
function decodeEach(chunks: AsyncIterator<Uint8Array>): AsyncIterator<string> {
  const decoder = new TextDecoder();
  return {
    async next() {
      const next = await chunks.next();
      return next.done === true ? next : { done: false, value: decoder.decode(next.value) };
    },
  };
}

async function readHead(text: AsyncIterator<string>): Promise<{ head: string; complete: boolean }> {
  let head = '';
  let lines = 0;
  while (
    head.length < headMaximumCharacters &&
    (head.length < headMinimumCharacters || lines < headMinimumLines)
  ) {
    const next = await text.next();
    if (next.done === true) return { head, complete: true };
    head += next.value;
    lines += countLineBreaks(next.value);
  }
  return { head, complete: false };
}

function emptyChoice(header: readonly string[]): TextColumnChoice {
  // With no rows there is nothing to translate; name the header's best guess by name alone so the output
  // still gets its added columns.
  try {
    return pickTextColumns({ header, sample: [] });
  } catch {
    return { columns: [], reason: 'no data rows, so no column to translate' };
  }
}

function columnCountWarning(
  row: { index: number; line: number; cells: readonly string[] },
  expected: number,
  file: string | undefined,
): ReaderWarning {
  const found = row.cells.length;
  const what =
    found < expected
      ? `the missing ${expected - found === 1 ? 'cell reads' : 'cells read'} as empty`
      : `the ${found - expected} extra ${found - expected === 1 ? 'cell is' : 'cells are'} kept and written after the added columns`;
  return {
    code: 'column_count',
    message:
      `${formatLocation({ file, line: row.line })}row ${row.index + 1} has ${found} cells but the header has ${expected}; ` +
      `${what}. Check this row for an unquoted delimiter or line break.`,
    ...(file === undefined ? {} : { file }),
    line: row.line,
    index: row.index,
  };
}

function emptyFile(file: string | undefined): InputError {
  return new InputError({
    code: 'empty_file',
    file,
    message: 'the file is empty. Check that the export completed and that you passed the right file.',
  });
}

function checkOptions(options: CsvReaderOptions): void {
  const { delimiter } = options;
  if (delimiter !== undefined && (delimiter.length !== 1 || /["\r\n]/.test(delimiter))) {
    throw new ConfigurationError({
      code: 'invalid_delimiter',
      setting: 'delimiter',
      message: `The delimiter must be one character other than a quote or line break, such as "," ";" "|" or a tab; got ${JSON.stringify(delimiter)}.`,
    });
  }
  if (options.headerLine !== undefined && (!Number.isInteger(options.headerLine) || options.headerLine < 1)) {
    throw new ConfigurationError({
      code: 'invalid_header_line',
      setting: 'headerLine',
      message: 'The header line must be a whole number from 1.',
    });
  }
  if (options.headerLine !== undefined && options.noHeader === true) {
    throw new ConfigurationError({
      code: 'invalid_header_line',
      setting: 'headerLine',
      message: 'Pass either a header line or "no header", not both.',
    });
  }
}
