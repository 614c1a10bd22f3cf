import { neutraliseSpreadsheetFormula } from '@toex/core';
import type { OutputRows, WriteResult, WriterOptions } from './output-row';
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

/** Cells of one output column that {@link writeCsv} prefixed with `'`. */
export interface NeutralisedColumn {
  /** 0-based position of the column in the written file. */
  index: number;
  /** Its heading as in the input (or the added column's name); empty for cells beyond the header. */
  name: string;
  /** Cells of this column (its heading included) prefixed with `'`. */
  cells: number;
}

/** What {@link writeCsv} wrote. */
export interface CsvWriteResult extends WriteResult {
  /** Cells prefixed with `'` because a spreadsheet would have run them as formulas. */
  neutralisedCells: number;
  /** Where those cells are: one entry per column with at least one, in column order. */
  neutralisedColumns: NeutralisedColumn[];
  /** Preamble lines (above the header) prefixed with `'`; also counted in `neutralisedCells`. */
  neutralisedPreambleLines: number;
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
 * `neutraliseSpreadsheetFormula`, and the result counts those it changed per column. Cells holding the delimiter, a quote or any line break are quoted.
 *
 * Written via `<path>.partial`, renamed on success (see `OutputDestination`).
 */
export async function writeCsv(rows: OutputRows, options: CsvWriterOptions): Promise<CsvWriteResult> {
  const delimiter = options.delimiter ?? ',';
  let neutralisedCells = 0;
  let cellsOverExcelLimit = 0;
  // Neutralised cells per written column position; index -1 stands for the preamble.
  const neutralisedAt = new Map<number, number>();
  // One cell as written: neutralised, then quoted (quotes doubled) when it holds the delimiter, a quote or
  // any line break — a lone \n or \r too, or a multi-line message would split into two records. Written by
  // hand rather than through csv-stringify: its per-call setup cost more than the rest of the writer.
  const cell = (text: string, position: number): string => {
    const neutralised = neutraliseSpreadsheetFormula(text);
    if (neutralised !== text) {
      neutralisedCells++;
      neutralisedAt.set(position, (neutralisedAt.get(position) ?? 0) + 1);
    }
    if (neutralised.length > excelCellLimit) cellsOverExcelLimit++;
    return neutralised.includes('"') ||
      neutralised.includes(delimiter) ||
      neutralised.includes('\n') ||
      neutralised.includes('\r')
      ? `"${neutralised.replaceAll('"', '""')}"`
      : neutralised;
  };
  const record = (cells: readonly string[], position?: number): string =>
    `${cells.map((text, index) => cell(text, position ?? index)).join(delimiter)}\r\n`;

  const width = options.header.length;
  const addedWidth = options.addedColumns.length;
  const prefix =
    (options.byteOrderMark === false ? '' : '\uFEFF') +
    (options.preamble ?? []).map((line) => record([line], -1)).join('') +
    record([...options.header, ...options.addedColumns]);
  const result = await writeOutput(rows, options, {
    prefix,
    serialise: ({ source, added }) => {
      // The header's width of source cells (padded), the added cells, then a long row's extra cells.
      let line = '';
      let separator = '';
      let position = 0;
      const append = (text: string): void => {
        line += separator + cell(text, position++);
        separator = delimiter;
      };
      for (let index = 0; index < width; index++) append(source.cells[index] ?? '');
      for (let index = 0; index < addedWidth; index++) append(added[index] ?? '');
      for (let index = width; index < source.cells.length; index++) append(source.cells[index]!);
      return `${line}\r\n`;
    },
  });
  const names = [...options.header, ...options.addedColumns];
  const neutralisedColumns = [...neutralisedAt.entries()]
    .filter(([index]) => index >= 0)
    .sort(([a], [b]) => a - b)
    .map(([index, cells]) => ({ index, name: names[index] ?? '', cells }));
  return {
    ...result,
    neutralisedCells,
    neutralisedColumns,
    neutralisedPreambleLines: neutralisedAt.get(-1) ?? 0,
    cellsOverExcelLimit,
  };
}
