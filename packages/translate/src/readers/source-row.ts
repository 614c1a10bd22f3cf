import type { TextKind } from '../pipeline/skip';
import type { EncodingDetection } from './detect-encoding';

/** The chat exports toex reads: WhatsApp `.txt`, Telegram Desktop `result.json`, Facebook/Instagram `message_N.json`. */
export type ChatFormat = 'whatsapp' | 'telegram' | 'facebook';

/**
 * The input formats toex reads. Every reader turns its format into the same {@link InputDocument}.
 */
export type InputFormat = 'csv' | 'text' | 'jsonl' | 'xlsx' | ChatFormat;

/** Every {@link InputFormat}, as `--input-format` accepts them. */
export const inputFormats: readonly InputFormat[] = [
  'whatsapp',
  'telegram',
  'facebook',
  'csv',
  'xlsx',
  'jsonl',
  'text',
];

/** One text of a row to translate, named after the column (CSV), `text` (text files) or field path (JSONL). */
export interface SourceText {
  /** The column name as written in the header, or the JSONL field path. */
  column: string;
  /** The text as read, unchanged. Empty when the cell is empty or the field is missing. */
  text: string;
  /** What the text is, when the format says (chat exports): media and system texts are never sent. */
  kind?: TextKind;
}

/**
 * One row of input, in a shape that is the same for every format, so the pipeline never needs to know
 * where a row came from. Rows arrive in input order and every input row becomes exactly one `SourceRow`:
 * malformed rows are kept (with a {@link ReaderWarning}), never dropped.
 */
export interface SourceRow {
  /** 0-based position among the data rows (the header and any preamble are not counted). */
  index: number;
  /** 1-based physical line of the file where the row starts (a quoted multi-line cell spans more lines). */
  line: number;
  /**
   * The row's cells as read, in header order, so a writer can reproduce the row.
   * CSV: every cell, unpadded: a short row has fewer cells than the header, a long row more (see
   * {@link ReaderWarning}). Text: `[line]`. JSONL: one cell per field path, holding that field's text.
   */
  cells: readonly string[];
  /** The texts to translate, one per text column, in the order of {@link InputDocument.textColumns}. */
  texts: readonly SourceText[];
  /**
   * The row in its format's own terms, for a writer that reproduces it: JSONL, the parsed JSON value of
   * the line; Excel, its sheet and typed cell values (`XlsxRowRecord`). Absent otherwise.
   */
  record?: unknown;
  /** Cells written after the added columns, one per {@link InputDocument.trailingColumns} (chat exports' `source`). */
  trailingCells?: readonly string[];
}

/** A column chosen for translation. */
export interface TextColumn {
  /** Name as written in the header (or the JSONL field path). */
  name: string;
  /** 0-based position in {@link InputDocument.header}. */
  index: number;
}

/** Which columns hold the text to translate, and a sentence saying why, for the CLI to print. */
export interface TextColumnChoice {
  columns: readonly TextColumn[];
  /** E.g. `column "Body": its name is a usual message column and 92% of 200 sampled values read as sentences`. */
  reason: string;
}

/**
 * Something wrong with one row that did not stop reading: the row is still delivered. Readers report
 * these through their `onWarning` option; the CLI decides how many to print.
 */
export interface ReaderWarning {
  /**
   * `column_count`: a CSV row has more or fewer cells than the header.
   * `missing_field`: a JSONL record lacks a requested field, or it is not text; its text is empty.
   * `repaired_json`: a chat export's JSON held something invalid the exporter is known to write
   * (Telegram's `\xNN` escapes); it was repaired before parsing.
   * `date_order`: a WhatsApp export's dates contradict each other on day/month order.
   */
  code: 'column_count' | 'missing_field' | 'repaired_json' | 'date_order';
  /** What happened and what was done about it, starting with the `file:line: ` location. */
  message: string;
  /** The input as named in messages. Absent for unnamed streams. */
  file?: string;
  /** 1-based physical line where the row starts. */
  line: number;
  /** 0-based data row index, as in {@link SourceRow.index}. */
  index: number;
}

/**
 * An opened input: what was detected about it and a single-use stream of its rows.
 *
 * Reading is streamed: only a bounded head of the file (encoding sample, preamble and header region, and
 * the rows sampled to choose text columns) is held in memory. Iterate {@link InputDocument.rows} to the
 * end, or call {@link InputDocument.close}, so the file is released.
 */
export interface InputDocument {
  format: InputFormat;
  /** The input as named in messages: the path as given, or the `file` option for streams. */
  file: string | undefined;
  /** The character encoding used and why it was chosen. */
  encoding: EncodingDetection;
  /** CSV only: the cell delimiter used (`,`, `;`, tab or the one given). */
  delimiter?: string;
  /**
   * CSV only: lines above the header row (report title, case number, blank lines), verbatim and without
   * their line endings, so the writer can reproduce them. Empty when there is none, and for other formats.
   */
  preamble: readonly string[];
  /** CSV only: 1-based line of the header row. Absent when the file has no header row. */
  headerLine?: number;
  /** Column names: the CSV header, `['text']` for text files, the field paths for JSONL. */
  header: readonly string[];
  /** The columns translated and why they were chosen. */
  textColumns: TextColumnChoice;
  /**
   * Columns written after the added translation and status columns (chat exports: `source`), filled
   * from each row's {@link SourceRow.trailingCells}. Absent for other formats.
   */
  trailingColumns?: readonly string[];
  /** One sentence describing the layout found, e.g. `semicolon-separated; header on line 4 after 3 preamble lines`. */
  layout: string;
  /** The data rows in input order. Can be iterated only once; a second iteration throws. */
  rows: AsyncIterable<SourceRow>;
  /** Releases the file early. Needed only when `rows` is not iterated to the end. */
  close(): Promise<void>;
}
