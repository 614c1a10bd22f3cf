import { extname } from 'node:path';
import { type CsvWriteResult, writeCsv } from '../writers/csv-writer';
import { writeJsonl } from '../writers/jsonl-writer';
import type { OutputRows, WriteResult, WriterOptions } from '../writers/output-row';
import { writeText } from '../writers/text-writer';

/** Options of {@link writeRows}. */
export interface WriteRowsOptions extends WriterOptions {
  destination: string;
  header: readonly string[];
  preamble: readonly string[];
  addedColumns: readonly string[];
  delimiter?: string;
}

/**
 * Writes translated rows in the format the output path names: `.jsonl` (each record with its
 * translations added), `.txt` (one translation per line), anything else CSV for Excel. Only a CSV
 * neutralises formulas, so only its result counts neutralised cells.
 */
export function writeRows(
  rows: OutputRows,
  options: WriteRowsOptions,
): Promise<WriteResult | CsvWriteResult> {
  const extension = extname(options.destination).toLowerCase();
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
