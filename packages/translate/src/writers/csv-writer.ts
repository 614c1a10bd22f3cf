import { neutraliseSpreadsheetFormula } from '@toex/core';
import { stringify } from 'csv-stringify/sync';
import type { OutputRow, WriteResult, WriterOptions } from './output-row';
import { writeOutput } from './write-output';

/** Options for {@link writeCsv}. */
export interface CsvWriterOptions extends WriterOptions {
  /** The input's header, written first (after the preamble). */
  header: readonly string[];
  /** Names of the added columns (e.g. `Body (en)`), written after the header's columns. */
  addedColumns: readonly string[];
  /** Lines to reproduce above the header (the input's preamble), each written as a one-cell row. */
  preamble?: readonly string[];
  /** Cell delimiter. Defaults to `,`; use `;` for Excel in locales with a decimal comma. */
  delimiter?: string;
  /** Start with a UTF-8 byte-order mark so Excel reads the file as UTF-8. Defaults to true. */
  byteOrderMark?: boolean;
}

/** What {@link writeCsv} wrote. */
export interface CsvWriteResult extends WriteResult {
  /** Cells prefixed with `'` because a spreadsheet would have run them as formulas. */
  neutralisedCells: number;
  /** Cells longer than Excel's 32,767-character cell limit: Excel cuts them when it opens the file. */
  cellsOverExcelLimit: number;
}

const excelCellLimit = 32_767;

/**
 * Writes rows as CSV for Excel: UTF-8 with a byte-order mark, CRLF line endings, the preamble lines, then
 * the header followed by the added columns, then one record per row in the order given.
 *
 * Each record holds the row's cells up to the header's width (a short row is padded with empty cells),
 * then the added cells, then any extra cells a long row had — so nothing read is lost and the added
 * columns stay under their headings. Every cell, header and preamble included, goes through
 * `neutraliseSpreadsheetFormula`. Cells holding the delimiter, a quote or any line break are quoted.
 *
 * Written via `<path>.partial`, renamed on success (see `OutputDestination`).
 */
export async function writeCsv(
  rows: AsyncIterable<OutputRow> | Iterable<OutputRow>,
  options: CsvWriterOptions,
): Promise<CsvWriteResult> {
  const delimiter = options.delimiter ?? ',';
  let neutralisedCells = 0;
  let cellsOverExcelLimit = 0;
  const record = (cells: readonly string[]): string =>
    stringify([cells.map(neutralise)], {
      delimiter,
      record_delimiter: '\r\n',
      // csv-stringify quotes a cell with the whole record delimiter (\r\n) but not a lone \n or \r, which
      // would split a multi-line message into two records; quote any line break.
      quoted_match: /[\r\n]/,
    });
  const neutralise = (cell: string): string => {
    const neutralised = neutraliseSpreadsheetFormula(cell);
    if (neutralised !== cell) neutralisedCells++;
    if (neutralised.length > excelCellLimit) cellsOverExcelLimit++;
    return neutralised;
  };

  const width = options.header.length;
  const addedWidth = options.addedColumns.length;
  const prefix =
    (options.byteOrderMark === false ? '' : '\uFEFF') +
    (options.preamble ?? []).map((line) => record([line])).join('') +
    record([...options.header, ...options.addedColumns]);
  const result = await writeOutput(rows, options, {
    prefix,
    serialise: ({ source, added }) =>
      record([...padded(source.cells, width), ...padded(added, addedWidth), ...source.cells.slice(width)]),
  });
  return { ...result, neutralisedCells, cellsOverExcelLimit };
}

function padded(cells: readonly string[], width: number): string[] {
  return Array.from({ length: width }, (_, index) => cells[index] ?? '');
}
