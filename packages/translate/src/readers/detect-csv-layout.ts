import { InputError } from '@toex/core';
import { splitPhysicalLines } from './count-line-breaks';
import { findHeaderRow, tableWidth } from './find-header-row';
import { type HeadRecord, isBlankRecord, splitCsvRecords } from './split-csv-records';

/** How a CSV file is laid out, as found in its head. */
export interface CsvLayout {
  /** The cell delimiter. */
  delimiter: string;
  /** The header cells, or `undefined` when the file has no header row (`noHeader`). */
  header: string[] | undefined;
  /** Cells in the widest common row, used to name columns when there is no header. */
  columnCount: number;
  /** 1-based line where parsing starts: the header row, or the first data row without a header. */
  startLine: number;
  /** Offset in the head text where parsing starts. */
  startOffset: number;
  /** Lines above the header, verbatim, without line endings. */
  preamble: string[];
  /** One sentence for people, e.g. `semicolon-separated; header on line 4 after 3 preamble lines`. */
  description: string;
}

/** Options for {@link detectCsvLayout}. */
export interface DetectCsvLayoutOptions {
  /** True when `head` is the whole file. */
  complete: boolean;
  /** Use this delimiter instead of sniffing one. */
  delimiter?: string;
  /** 1-based line of the header row, instead of finding it. Lines above it are the preamble. */
  headerLine?: number;
  /** The file has no header row: every record is data, from the first line. */
  noHeader?: boolean;
  /** The input as named in error messages. */
  file?: string;
}

/** The delimiters sniffed, in order of preference when the evidence is equal. */
export const sniffedDelimiters = [',', ';', '\t'] as const;

const delimiterNames: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

interface Candidate {
  delimiter: string;
  records: HeadRecord[];
  headerIndex: number | undefined;
  /** Non-blank records from the header on with as many cells as the header. */
  consistent: number;
  /** Non-blank records from the header on. */
  total: number;
  /** Distinct non-empty cells of the header (trimmed, case ignored): the columns it names. */
  names: number;
  irregularQuotes: number;
}

/**
 * Works out a CSV file's delimiter, header row and preamble from its first records (`head`: the decoded
 * start of the file, at least 64 KB of it).
 *
 * For each candidate delimiter (comma, semicolon, tab) the records are split honouring quotes, the header
 * row is found ({@link findHeaderRow}), and the candidate is scored by the delimiters it explains between
 * named columns: the records from the header on that have the header's cell count, times the header's
 * distinct non-empty names less one. So a wide consistent table beats a narrow one that a delimiter inside
 * message text happens to form, and a split that leaves the header with empty or repeated names counts
 * for less than it looks: a semicolon file whose unquoted cells hold tabs can form a wider tab-separated
 * table, but its "header" is a data row whose empty cells name nothing. A candidate needs at least two
 * columns. Ties go to the one with fewer misplaced quotes, then the earlier
 * header, then comma, semicolon, tab in that order. With no candidate of two or more columns the file is
 * read as one column.
 *
 * Throws `InputError`: `empty_file` when the head holds only blank lines, `no_header` when no row looks like
 * a header (or `headerLine` does not start a row).
 */
export function detectCsvLayout(head: string, options: DetectCsvLayoutOptions): CsvLayout {
  const { file } = options;
  const delimiters = options.delimiter === undefined ? sniffedDelimiters : [options.delimiter];
  if (head.trim() === '') {
    throw new InputError({
      code: 'empty_file',
      file,
      message:
        'the file has no header row and no data: it holds only blank lines. Check that the export completed.',
    });
  }
  const candidates = delimiters.map((delimiter) => evaluate(head, delimiter, options));

  const ranked = [...candidates].sort(compareCandidates);
  const best =
    ranked.find((candidate) => candidate.headerIndex !== undefined && widthOf(candidate) >= 2) ??
    candidates.find((candidate) => candidate.headerIndex !== undefined) ??
    ranked[0];
  if (best === undefined || best.headerIndex === undefined) throw noHeaderError(options);

  const first = best.records[best.headerIndex];
  if (first === undefined) throw noHeaderError(options);
  const preamble = first.offset === 0 ? [] : splitPhysicalLines(head.slice(0, first.offset)).slice(0, -1);
  const width = options.noHeader === true ? tableWidth(best.records) : first.cells.length;
  return {
    delimiter: best.delimiter,
    header: options.noHeader === true ? undefined : first.cells,
    columnCount: width,
    startLine: first.line,
    startOffset: first.offset,
    preamble,
    description: describe(best, first, preamble.length, options),
  };
}

function evaluate(head: string, delimiter: string, options: DetectCsvLayoutOptions): Candidate {
  const records = splitCsvRecords(head, delimiter, { complete: options.complete });
  let headerIndex: number | undefined;
  if (options.noHeader === true) headerIndex = records.findIndex((record) => !isBlankRecord(record));
  else if (options.headerLine !== undefined) {
    headerIndex = records.findIndex((record) => record.line === options.headerLine);
  } else headerIndex = findHeaderRow(records);
  if (headerIndex === -1) headerIndex = undefined;

  let consistent = 0;
  let total = 0;
  let irregularQuotes = 0;
  const header = headerIndex === undefined ? undefined : records[headerIndex];
  const names = new Set(header?.cells.map((cell) => cell.trim().toLowerCase()).filter((name) => name !== ''))
    .size;
  if (header !== undefined && headerIndex !== undefined) {
    for (const record of records.slice(headerIndex)) {
      irregularQuotes += record.irregularQuotes;
      if (isBlankRecord(record)) continue;
      total++;
      if (record.cells.length === header.cells.length) consistent++;
    }
  }
  return { delimiter, records, headerIndex, consistent, total, names, irregularQuotes };
}

function widthOf(candidate: Candidate): number {
  return candidate.headerIndex === undefined
    ? 0
    : (candidate.records[candidate.headerIndex]?.cells.length ?? 0);
}

function compareCandidates(left: Candidate, right: Candidate): number {
  const leftUsable = left.headerIndex !== undefined && widthOf(left) >= 2;
  const rightUsable = right.headerIndex !== undefined && widthOf(right) >= 2;
  if (leftUsable !== rightUsable) return leftUsable ? -1 : 1;
  return (
    right.consistent * Math.max(0, right.names - 1) - left.consistent * Math.max(0, left.names - 1) ||
    left.irregularQuotes - right.irregularQuotes ||
    (left.headerIndex ?? 0) - (right.headerIndex ?? 0)
  );
}

function describe(
  candidate: Candidate,
  first: HeadRecord,
  preambleLines: number,
  options: DetectCsvLayoutOptions,
): string {
  const name = delimiterNames[candidate.delimiter] ?? `"${candidate.delimiter}"`;
  const how = options.delimiter === undefined ? 'detected' : 'given';
  const parts = [
    `${name}-separated (${how}; ${candidate.consistent} of ${candidate.total} rows in the first part have ${first.cells.length} cells)`,
  ];
  if (options.noHeader === true) parts.push('no header row');
  else parts.push(`header on line ${first.line}${options.headerLine === undefined ? '' : ' (given)'}`);
  if (preambleLines > 0)
    parts.push(`${preambleLines} preamble line${preambleLines === 1 ? '' : 's'} above it kept`);
  return parts.join('; ');
}

function noHeaderError(options: DetectCsvLayoutOptions): InputError {
  if (options.headerLine !== undefined) {
    return new InputError({
      code: 'no_header',
      file: options.file,
      line: options.headerLine,
      message:
        'no row starts on this line (it is blank, inside a multi-line cell, or past the start of the file). Pass the line where the header row starts.',
    });
  }
  return new InputError({
    code: 'no_header',
    file: options.file,
    message:
      'no header row found: no line near the start has column names followed by rows with the same number of cells. ' +
      'Pass --header-line with the line of the header row, or --no-header if the file has none.',
  });
}
