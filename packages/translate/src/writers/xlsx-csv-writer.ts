import { rename, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { type FileDigest, ToexAbortError } from '@toex/core';
import { cellText } from '../readers/xlsx-cell';
import { isXlsxRowRecord, type XlsxSheet } from '../readers/xlsx-reader';
import { writeCsv } from './csv-writer';
import type { OutputRow, OutputRows, WriterOptions } from './output-row';

/** Options for {@link writeSheetsAsCsv}. */
export interface SheetsAsCsvOptions extends Pick<WriterOptions, 'signal'> {
  /** The output path asked for, e.g. `out.csv`; each sheet is written beside it as `out.<sheet>.csv`. */
  destination: string;
  /** The workbook's sheets in order, as the reader found them (`XlsxDocument.sheets`). */
  sheets: readonly XlsxSheet[];
  /** The added column names of a sheet with text columns; see `writeXlsx`. */
  addedColumnsFor: (sheet: XlsxSheet) => readonly string[];
  /** Cell delimiter. Defaults to a comma. */
  delimiter?: string;
}

/** One CSV file written by {@link writeSheetsAsCsv}. */
export interface SheetCsvFile extends FileDigest {
  /** The sheet it holds. */
  sheet: string;
  path: string;
  /** Data rows written (title and header rows not counted). */
  rows: number;
}

/**
 * The file name a sheet is written to: `out.csv` and sheet `Instant Messages` → `out.Instant Messages.csv`.
 * Characters no file system accepts are replaced by `_`.
 */
export function sheetCsvPath(destination: string, sheet: string): string {
  const extension = extname(destination) || '.csv';
  const stem = basename(destination, extname(destination));
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being removed
  const safe = sheet.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || 'sheet';
  return join(dirname(destination), `${stem}.${safe}${extension}`);
}

/**
 * Writes a translated workbook as CSV, one file per sheet (see {@link sheetCsvPath}), each like the CSV
 * writer's output: title rows as preamble lines, the header with the added columns, every row in order,
 * formulas neutralised. Sheets without text are written with no added columns.
 *
 * Every file is written under a temporary name and all are renamed only once the last is complete, so a
 * failed job leaves none that looks finished.
 */
export async function writeSheetsAsCsv(
  rows: OutputRows,
  options: SheetsAsCsvOptions,
): Promise<SheetCsvFile[]> {
  ToexAbortError.throwIfAborted(options.signal);
  const iterator = flatten(rows)[Symbol.asyncIterator]();
  let peeked: IteratorResult<OutputRow> | undefined;
  const peek = async (): Promise<IteratorResult<OutputRow>> => {
    peeked ??= await iterator.next();
    return peeked;
  };
  const sheetOf = (row: OutputRow): XlsxSheet => {
    const record = row.source.record;
    if (!isXlsxRowRecord(record)) throw new Error(`row ${row.source.index + 1} was not read from a workbook`);
    return record.sheet;
  };
  const written: SheetCsvFile[] = [];
  const pending: string[] = [];
  const done = new Set<XlsxSheet>();
  const usedPaths = new Set<string>();

  const writeSheet = async (sheet: XlsxSheet): Promise<void> => {
    done.add(sheet);
    let path = sheetCsvPath(options.destination, sheet.name);
    for (let copy = 2; usedPaths.has(path); copy++)
      path = sheetCsvPath(options.destination, `${sheet.name} (${copy})`);
    usedPaths.add(path);
    const added = sheet.textColumns.columns.length === 0 ? [] : options.addedColumnsFor(sheet);
    async function* sheetRows(): AsyncGenerator<OutputRow> {
      for (;;) {
        const next = await peek();
        if (next.done === true || sheetOf(next.value) !== sheet) return;
        peeked = undefined;
        yield added.length === 0 ? { ...next.value, added: [] } : next.value;
      }
    }
    const temporary = `${path}.pending`;
    pending.push(temporary);
    const header =
      sheet.headerNames.length === 0
        ? Array.from({ length: sheet.width }, (_, column) => `Column ${column + 1}`)
        : sheet.headerNames;
    const result = await writeCsv(sheetRows(), {
      destination: temporary,
      header,
      addedColumns: added,
      preamble: sheet.preamble.map((row) =>
        row.values
          .map(cellText)
          .filter((text) => text !== '')
          .join(' '),
      ),
      ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    written.push({
      sheet: sheet.name,
      path,
      sha256: result.sha256 ?? '',
      bytes: result.bytes,
      rows: result.rows,
    });
  };

  try {
    for (;;) {
      const next = await peek();
      if (next.done === true) break;
      const sheet = sheetOf(next.value);
      for (const earlier of options.sheets) {
        if (earlier === sheet) break;
        if (!done.has(earlier)) await writeSheet(earlier);
      }
      await writeSheet(sheet);
    }
    for (const sheet of options.sheets) if (!done.has(sheet)) await writeSheet(sheet);
    for (const file of written) await rename(`${file.path}.pending`, file.path);
    return written;
  } catch (error) {
    for (const temporary of pending) await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

async function* flatten(rows: OutputRows): AsyncGenerator<OutputRow> {
  for await (const item of rows) {
    if (Array.isArray(item)) yield* item as readonly OutputRow[];
    else yield item as OutputRow;
  }
}
