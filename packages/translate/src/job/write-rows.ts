import { extname } from 'node:path';
import { ConfigurationError, type FileDigest } from '@toex/core';
import type { XlsxSheet } from '../readers/xlsx-reader';
import { type CsvWriteResult, writeCsv } from '../writers/csv-writer';
import { writeJsonl } from '../writers/jsonl-writer';
import type { OutputRows, WriteResult, WriterOptions } from '../writers/output-row';
import { writeText } from '../writers/text-writer';
import { writeSheetsAsCsv } from '../writers/xlsx-csv-writer';
import { writeXlsx } from '../writers/xlsx-writer';
import { outputColumns } from './output-columns';

/** Options of {@link writeRows}. */
export interface WriteRowsOptions extends WriterOptions {
  destination: string;
  header: readonly string[];
  preamble: readonly string[];
  addedColumns: readonly string[];
  delimiter?: string;
  /**
   * Set when the input is an Excel workbook: its sheets (`XlsxDocument.sheets`) and the target
   * languages, from which each sheet's added columns are named (`secondOpinion`: with the second
   * provider's column beside each translation).
   */
  workbook?: {
    sheets: readonly XlsxSheet[];
    to: readonly string[];
    /** With a second opinion, `<col>_<to>_second` beside each translation column. */
    secondOpinion?: boolean;
    /** Columns added after each sheet's translation columns (a row annotator's). Default none. */
    extraColumns?: readonly string[];
  };
}

/**
 * What {@link writeRows} wrote. Only a CSV neutralises formulas and counts the cells it prefixed; a
 * workbook stores text as text, which needs no neutralising.
 */
export interface WriteRowsResult
  extends WriteResult,
    Partial<Pick<CsvWriteResult, 'neutralisedCells' | 'neutralisedColumns' | 'neutralisedPreambleLines'>> {
  /** Files written besides `path`: the other sheets of a workbook written as CSV, one file per sheet. */
  additionalOutputs?: Array<FileDigest & { path: string }>;
}

/**
 * Writes translated rows in the format the output path names: `.jsonl` (each record with its
 * translations added), `.txt` (one translation per line), `.xlsx` (a workbook input's sheets with their
 * translations added), anything else CSV for Excel. A workbook written as CSV gives one file per sheet
 * (`out.<sheet>.csv`): `path` is the first, `additionalOutputs` the others.
 */
export async function writeRows(rows: OutputRows, options: WriteRowsOptions): Promise<WriteRowsResult> {
  const extension = extname(options.destination).toLowerCase();
  const { workbook } = options;
  if (extension === '.xlsx' && workbook === undefined) {
    throw new ConfigurationError({
      code: 'unsupported_output',
      setting: 'output',
      message: `Only an Excel workbook input can be written as .xlsx; write ${options.destination} as .csv instead.`,
    });
  }
  if (workbook !== undefined && extension !== '.jsonl' && extension !== '.ndjson' && extension !== '.txt') {
    const addedColumnsFor = (sheet: XlsxSheet): string[] => [
      ...outputColumns(
        sheet.textColumns.columns.map((column) => column.name),
        workbook.to,
        workbook.secondOpinion === true ? { secondOpinion: true } : {},
      ),
      ...(workbook.extraColumns ?? []),
    ];
    if (extension === '.xlsx') {
      return writeXlsx(rows, {
        destination: options.destination,
        sheets: workbook.sheets,
        addedColumnsFor,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    }
    const files = await writeSheetsAsCsv(rows, {
      destination: options.destination,
      sheets: workbook.sheets,
      addedColumnsFor,
      ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const [first, ...others] = files;
    return {
      ...(first === undefined ? {} : { path: first.path, sha256: first.sha256 }),
      bytes: first?.bytes ?? 0,
      rows: files.reduce((total, file) => total + file.rows, 0),
      additionalOutputs: others.map(({ path, sha256, bytes }) => ({ path, sha256, bytes })),
    };
  }
  const common = {
    destination: options.destination,
    ...(options.onChunk === undefined ? {} : { onChunk: options.onChunk }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  if (extension === '.jsonl' || extension === '.ndjson') {
    return writeJsonl(rows, { ...common, addedColumns: options.addedColumns, header: options.header });
  }
  if (extension === '.txt') return writeText(rows, common);
  return writeCsv(rows, {
    ...common,
    header: options.header,
    preamble: options.preamble,
    addedColumns: options.addedColumns,
    ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
  });
}
