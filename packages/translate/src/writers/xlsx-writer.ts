import { rename, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { createHashingWriteStream, ToexAbortError, ToexError } from '@toex/core';
import ExcelJS from 'exceljs';
import type { XlsxRowValues } from '../readers/xlsx-cell';
import { isXlsxRowRecord, type XlsxSheet } from '../readers/xlsx-reader';
import type { OutputRow, OutputRows, WriteResult, WriterOptions } from './output-row';

/** Options for {@link writeXlsx}. */
export interface XlsxWriterOptions extends WriterOptions {
  /** The output path (written as `<path>.partial`, renamed when complete) or a stream. */
  destination: WriterOptions['destination'];
  /**
   * The workbook's sheets in order, as the reader found them (`XlsxDocument.sheets`). Read as rows
   * arrive and again at the end, so sheets without data rows are written too.
   */
  sheets: readonly XlsxSheet[];
  /**
   * The names of the columns added to a sheet that has text columns (e.g. `Body_en`, `Body_lang`,
   * `toex_status`), matching the order of each row's `added` cells. A sheet without text columns gets none.
   */
  addedColumnsFor: (sheet: XlsxSheet) => readonly string[];
}

/** What {@link writeXlsx} wrote. */
export interface XlsxWriteResult extends WriteResult {
  /** Sheets written, in order. */
  sheets: number;
}

// Rows written between checks that the zip compressor keeps up.
const rowsPerCheck = 200;
// Sheet XML allowed to wait for the compressor. exceljs's streaming writer hands a sheet's XML to the
// compressor without waiting for it (no backpressure), so without this bound a job that produces rows
// faster than they are deflated holds the difference in memory: hundreds of MB on a 200 MB workbook.
const maxPendingBytes = 8 * 1024 * 1024;

/**
 * Writes a translated workbook: every sheet of the input in order, every original cell with its value
 * and number format, title rows included, and after the columns of each sheet that has text, the added
 * columns (`<col>_<to>`, `<col>_lang`, `toex_status`). Sheets without text are copied unchanged.
 *
 * Added cells are written as text: a translation starting with `=` is stored as a string, never as a
 * formula. Cells are written inline, not through a shared-string table, so memory stays flat however
 * large the workbook; the workbook is streamed to `<path>.partial`, hashed as written, and renamed only
 * when complete. Only rows read by `readXlsx` can be written (they carry their sheet and typed cells).
 */
export async function writeXlsx(rows: OutputRows, options: XlsxWriterOptions): Promise<XlsxWriteResult> {
  ToexAbortError.throwIfAborted(options.signal);
  const path = typeof options.destination === 'string' ? options.destination : undefined;
  const partial = path === undefined ? undefined : `${path}.partial`;
  const file = partial === undefined ? undefined : createHashingWriteStream(partial, { flush: true });
  let failure: unknown;
  file?.on('error', (error) => {
    failure ??= error;
  });
  const target = file ?? (options.destination as Exclude<WriterOptions['destination'], string>);
  let bytes = 0;
  const onChunk = options.onChunk;
  target.on('pipe', (source) => {
    source.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      onChunk?.(chunk);
    });
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: target,
    useStyles: true,
    useSharedStrings: false,
  });
  const opened = new Set<XlsxSheet>();
  let current: { sheet: XlsxSheet; worksheet: ExcelJS.Worksheet; added: readonly string[] } | undefined;
  let count = 0;

  const open = (sheet: XlsxSheet): void => {
    current?.worksheet.commit();
    const worksheet = workbook.addWorksheet(
      sheet.name,
      sheet.state === undefined ? {} : { state: sheet.state as ExcelJS.WorksheetState },
    );
    const added = sheet.textColumns.columns.length === 0 ? [] : options.addedColumnsFor(sheet);
    opened.add(sheet);
    current = { sheet, worksheet, added };
    for (const row of sheet.preamble) writeRow(worksheet, row, sheet.width, []);
    if (sheet.header !== undefined) writeRow(worksheet, sheet.header, sheet.width, added);
  };
  // Sheets before `sheet` (in file order) that were never opened had no data rows: write them as read.
  const openUpTo = (sheet: XlsxSheet | undefined): void => {
    for (const earlier of options.sheets) {
      if (earlier === sheet) break;
      if (!opened.has(earlier)) open(earlier);
    }
    if (sheet !== undefined && !opened.has(sheet)) open(sheet);
  };

  try {
    for await (const item of rows) {
      for (const row of isBatch(item) ? item : [item]) {
        ToexAbortError.throwIfAborted(options.signal);
        const record = row.source.record;
        if (!isXlsxRowRecord(record)) {
          throw new ToexError({
            code: 'not_a_workbook_row',
            message: `Row ${row.source.index + 1} was not read from a workbook, so it cannot be written to one. Write .xlsx output only for .xlsx input, or choose a .csv output.`,
          });
        }
        if (current?.sheet !== record.sheet) openUpTo(record.sheet);
        const sheet = record.sheet;
        const worksheet = (current as NonNullable<typeof current>).worksheet;
        writeRow(worksheet, record.row, sheet.width, sheet.textColumns.columns.length === 0 ? [] : row.added);
        count++;
        if (count % rowsPerCheck === 0) await compressorCaughtUp(worksheet);
        if (failure !== undefined) throw failure;
      }
    }
    ToexAbortError.throwIfAborted(options.signal);
    openUpTo(undefined);
    for (const sheet of options.sheets) if (!opened.has(sheet)) open(sheet);
    current?.worksheet.commit();
    await workbook.commit();
    if (failure !== undefined) throw failure;
    if (file === undefined || path === undefined || partial === undefined) {
      return { bytes, rows: count, sheets: opened.size };
    }
    const digest = await file.digest;
    await rename(partial, path);
    return { path, bytes: digest.bytes, sha256: digest.sha256, rows: count, sheets: opened.size };
  } catch (error) {
    if (file !== undefined && partial !== undefined) {
      file.destroy();
      if (!file.closed) await new Promise((resolve) => file.once('close', resolve));
      await unlink(partial).catch(() => undefined);
    }
    throw outputError(error, partial);
  }
}

/** Waits while more than {@link maxPendingBytes} of the sheet's XML waits to be compressed. */
async function compressorCaughtUp(worksheet: ExcelJS.Worksheet): Promise<void> {
  const stream = (worksheet as unknown as { stream?: SheetStream }).stream;
  if (stream === undefined) return;
  for (let waited = 0; pendingBytes(stream) > maxPendingBytes; waited++) {
    // The compressor drains on its own thread; a short sleep lets it, and the limit keeps a stalled
    // output (a full disk reports an error instead) from waiting forever.
    if (waited > 60_000) return;
    await sleep(2);
  }
}

/** The parts of exceljs's sheet stream (its StreamBuf) that show how much XML waits for the compressor. */
interface SheetStream {
  // archiver's PassThrough comes from readable-stream 2, which has `_writableState` but no `writableLength`.
  pipes?: Array<{ writableLength?: number; _writableState?: { length?: number } }>;
  buffers?: Array<{ length?: number }>;
  bufSize?: number;
}

function pendingBytes(stream: SheetStream): number {
  const piped = (stream.pipes ?? []).reduce(
    (total, pipe) => total + (pipe.writableLength ?? pipe._writableState?.length ?? 0),
    0,
  );
  return piped + (stream.buffers?.length ?? 0) * (stream.bufSize ?? 65_536);
}

/**
 * Writes one row at its original row number: its cells as read (value and number format) in their
 * columns, then the added cells as text after the sheet's `width` columns. Cells of a row wider than
 * the sheet go after the added cells, so nothing is overwritten or lost.
 */
function writeRow(
  worksheet: ExcelJS.Worksheet,
  row: XlsxRowValues,
  width: number,
  added: readonly string[],
): void {
  const target = worksheet.getRow(row.rowNumber);
  const shift = added.length;
  row.values.forEach((value, column) => {
    if (value === null || value === undefined) return;
    const at = column < width ? column : column + shift;
    const cell = target.getCell(at + 1);
    cell.value = writableValue(value);
    const format = row.numberFormats[column];
    if (format !== undefined) cell.numFmt = format;
  });
  added.forEach((text, offset) => {
    // A plain string is stored as a string cell: exceljs makes a formula only from { formula }.
    if (text !== '') target.getCell(width + offset + 1).value = text;
  });
  target.commit();
}

/**
 * The value to write for a cell as read. A cell of a shared formula other than its first comes back from
 * the reader with no formula text, only the cached result: that result is written, as the value shown.
 */
function writableValue(value: unknown): ExcelJS.CellValue {
  if (typeof value === 'object' && value !== null && 'formula' in value) {
    const { formula, result } = value as { formula?: unknown; result?: unknown };
    if (typeof formula !== 'string' || formula === '') return (result ?? null) as ExcelJS.CellValue;
  }
  return value as ExcelJS.CellValue;
}

function isBatch(item: OutputRow | readonly OutputRow[]): item is readonly OutputRow[] {
  return Array.isArray(item);
}

function outputError(error: unknown, partial: string | undefined): unknown {
  if (ToexError.isInstance(error) || partial === undefined) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new ToexError({
    code: 'output_not_writable',
    message: `Cannot write ${partial} (${reason}). Check that the folder exists, that you can write to it and that the disk has space.`,
    cause: error,
  });
}
