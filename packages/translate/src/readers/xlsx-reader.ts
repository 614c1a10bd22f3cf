import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { InputError } from '@toex/core';
import ExcelJS from 'exceljs';
import unzipper from 'unzipper';
import { findHeaderRow } from './find-header-row';
import type { InputSource } from './open-input';
import { isMessageColumnName, pickTextColumns } from './pick-text-columns';
import { singleUseRows } from './single-use-rows';
import type { InputDocument, SourceRow, TextColumnChoice } from './source-row';
import { cellText, isTextCell, type XlsxRowValues } from './xlsx-cell';
import { SharedStringTable, type SharedStringValue } from './xlsx-shared-strings';

/** Options for {@link readXlsx}. */
export interface XlsxReaderOptions {
  /** Names the input in messages when `source` is not a path. */
  file?: string;
  /**
   * Columns to translate instead of choosing (`--column`), matched in every sheet by name (case and
   * surrounding spaces ignored). A sheet without them is copied unchanged; a workbook where no sheet has
   * them is an `InputError` `no_such_column`.
   */
  columns?: readonly string[];
  /** Rows after the header sampled to choose a sheet's text column. Defaults to 200. */
  sampleRows?: number;
  /** Called as each sheet is reached, before its rows, with what was found in it (for the CLI to print). */
  onSheet?: (sheet: XlsxSheet) => void;
}

/** One worksheet as found: where its header is, what is above it, and which columns are translated. */
export interface XlsxSheet {
  /** The sheet's name (its tab). */
  name: string;
  /** 1-based position among the workbook's sheets as stored in the file. */
  position: number;
  /** `hidden` or `veryHidden` for sheets hidden in the workbook; absent for visible ones. */
  state?: string;
  /** Rows above the header (report title, case details), as read. Empty when there is none. */
  preamble: readonly XlsxRowValues[];
  /** The header row as read. Absent when no header was found (the sheet is then copied unchanged). */
  header?: XlsxRowValues;
  /** Column names in column order ('' for an empty header cell). Empty when no header was found. */
  headerNames: readonly string[];
  /**
   * Columns before the added ones: the header's width, or the widest sampled row when wider. Added
   * columns (`<col>_<to>`, `<col>_lang`, `toex_status`) start right after.
   */
  width: number;
  /** The columns translated (possibly none: the sheet is then copied unchanged, every row still counted). */
  textColumns: TextColumnChoice;
  /**
   * Date columns whose header states the time zone and date format, as Magnet AXIOM writes them
   * (`Message Sent Date/Time - UTC+00:00 (dd/MM/yyyy)`). Empty when there are none.
   */
  dateColumns: readonly XlsxDateColumn[];
  /** One sentence for the user, e.g. `sheet "Chats": header on row 2 after 1 title row; column "Body": …`. */
  description: string;
}

/** A date column whose header carries its time zone and date format (Magnet AXIOM). */
export interface XlsxDateColumn {
  /** The header as written. */
  name: string;
  /** 0-based column. */
  index: number;
  /** The field, e.g. `Message Sent Date/Time`. */
  field: string;
  /** The UTC offset the dates are written in, e.g. `+00:00` or `-05:00`. */
  utcOffset: string;
  /** The date pattern as written in the header, e.g. `dd/MM/yyyy` or `M/d/yyyy`. */
  dateFormat: string;
}

// AXIOM: `<Field> Date/Time - UTC+00:00 (dd/MM/yyyy)`; older Magnet IEF: `Date/Time - (UTC) (MM/dd/yyyy)`.
const zonedDateHeader = /^(.*?)\s*-\s*\(?UTC\s*([+-]\d{1,2}:\d{2})?\)?\s*\(([^()]+)\)\s*$/i;

/** The date columns of a header whose names state their time zone and date format. */
export function findZonedDateColumns(header: readonly string[]): XlsxDateColumn[] {
  return header.flatMap((name, index) => {
    const match = zonedDateHeader.exec(name);
    if (match === null || !/date|time/i.test(match[1] ?? '')) return [];
    const offset = match[2] ?? '+00:00';
    const [hours = '0', minutes = '00'] = offset.slice(1).split(':');
    return [
      {
        name,
        index,
        field: (match[1] ?? '').trim(),
        utcOffset: `${offset[0]}${hours.padStart(2, '0')}:${minutes}`,
        dateFormat: (match[3] ?? '').trim(),
      },
    ];
  });
}

/** What an xlsx row carries to the writer, in {@link SourceRow.record}: its sheet and its cells as read. */
export interface XlsxRowRecord {
  sheet: XlsxSheet;
  row: XlsxRowValues;
}

/** True when `record` is an {@link XlsxRowRecord} (a row read by {@link readXlsx}). */
export function isXlsxRowRecord(record: unknown): record is XlsxRowRecord {
  return (
    typeof record === 'object' &&
    record !== null &&
    'sheet' in record &&
    'row' in record &&
    typeof (record as XlsxRowRecord).sheet?.name === 'string'
  );
}

/** An opened workbook: an {@link InputDocument} plus the sheets reached so far, in order. */
export interface XlsxDocument extends InputDocument {
  /**
   * Every sheet reached so far, in order, empty ones included. Complete once `rows` has been read to the
   * end; the writer uses it to write sheets that have no data rows.
   */
  sheets: readonly XlsxSheet[];
}

// Rows at the top of a sheet searched for the header (titles and report details sit above it).
const headerSearchRows = 20;

/**
 * Opens an Excel workbook (.xlsx: Cellebrite and Magnet AXIOM reports, spreadsheets) and streams the rows
 * of every sheet, in order.
 *
 * Each sheet is read on its own: its header row is found by its names (skipping title rows above it, as
 * in Cellebrite's "Chats" sheet), and its text column is chosen by name and content like a CSV's
 * (`Body`, `Message`, `Message Body`, `Text`…, see `pickTextColumns`) — never by position. Sheets with no
 * text column are still read, so the writer can copy them; their rows come with no texts.
 *
 * Memory stays flat: each sheet is parsed as it is unzipped, and the shared-string table, which holds
 * most of a workbook's text, is kept in a temporary file (an owner-only file, with only the offsets in memory). Bytes or a
 * stream (rather than a path) are held in memory to reach the zip's directory at the end. Errors are
 * `InputError`s naming the file: `file_not_found`, `empty_file`, `invalid_xlsx`, `no_such_column`.
 */
export async function readXlsx(source: InputSource, options: XlsxReaderOptions = {}): Promise<XlsxDocument> {
  const file = options.file ?? (typeof source === 'string' ? source : undefined);
  if (typeof source === 'string') await checkFile(source);
  const sampleSize = options.sampleRows ?? 200;
  const zip = await openZip(source, file);
  const table = new SharedStringTable();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(undefined as never, {
    worksheets: 'emit',
    sharedStrings: 'emit',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  }) as unknown as WorkbookReaderInternals;
  const sheets: XlsxSheet[] = [];
  let current: Readable | undefined;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    current?.destroy();
    table.close();
  };
  const part = (path: string): Readable | undefined => {
    const entry = zip.files.find((candidate) => candidate.path === path);
    if (entry === undefined) return undefined;
    current = entry.stream();
    return current;
  };

  // The parts are read through the zip's central directory, in the order they are needed (relationships,
  // workbook, styles, strings, then each sheet in tab order), not in the order they are stored: exceljs's
  // one-pass reader can silently drop parts while it waits (exceljs issue #3064), and would copy every
  // sheet stored before the string table (Excel stores them so) to a temporary file first.
  const workbookPart = part('xl/workbook.xml');
  const relationshipsPart = part('xl/_rels/workbook.xml.rels');
  if (workbookPart === undefined || relationshipsPart === undefined) {
    await close();
    throw invalidWorkbook(new Error('it has no xl/workbook.xml'), file);
  }
  try {
    await reader._parseRels(relationshipsPart);
    await reader._parseWorkbook(workbookPart);
    const styles = part('xl/styles.xml');
    if (styles !== undefined) await reader._parseStyles(styles);
    const strings = part('xl/sharedStrings.xml');
    if (strings !== undefined)
      for await (const item of reader._parseSharedStrings(strings)) table.add(item.text);
    reader.sharedStrings = table.asArrayLike();
  } catch (error) {
    await close();
    throw invalidWorkbook(error, file);
  }

  async function* rows(): AsyncGenerator<SourceRow> {
    let index = 0;
    try {
      const listed = reader.model?.sheets ?? [];
      for (const [offset, listedSheet] of listed.entries()) {
        const position = offset + 1;
        const relationship = (reader.workbookRels ?? []).find((rel) => rel.Id === listedSheet.rId);
        const target = relationship === undefined ? undefined : partPath(relationship.Target);
        const stream = target === undefined ? undefined : part(target);
        if (stream === undefined) {
          throw invalidWorkbook(
            new Error(`sheet "${listedSheet.name}" is listed but its part is missing`),
            file,
          );
        }
        const [event] = [...reader._parseWorksheet(stream, String(position))];
        const worksheet = event?.value as WorksheetReaderInternals;
        worksheet.name = listedSheet.name;
        worksheet.state = listedSheet.state;
        const head: XlsxRowValues[] = [];
        let sheet: XlsxSheet | undefined;
        const rowsOf = (values: XlsxRowValues): SourceRow => {
          const found = sheet as XlsxSheet;
          const cells = values.values.map(cellText);
          for (let column = cells.length; column < found.width; column++) cells.push('');
          return {
            index: index++,
            line: values.rowNumber,
            cells,
            texts: found.textColumns.columns.map((column) => {
              const value = values.values[column.index];
              return { column: column.name, text: isTextCell(value) ? cellText(value) : '' };
            }),
            record: { sheet: found, row: values } satisfies XlsxRowRecord,
          };
        };
        const reached = (): XlsxSheet => {
          const described = describeSheet(worksheet, position, head, options, file);
          sheets.push(described);
          options.onSheet?.(described);
          return described;
        };
        for await (const row of worksheet) {
          const values = readRow(row as RowInternals);
          if (sheet === undefined) {
            head.push(values);
            if (head.length < headerSearchRows + sampleSize) continue;
            sheet = reached();
            for (const held of head.splice(0)) if (!isAboveData(sheet, held)) yield rowsOf(held);
            continue;
          }
          yield rowsOf(values);
        }
        if (sheet === undefined) {
          sheet = reached();
          for (const held of head.splice(0)) if (!isAboveData(sheet, held)) yield rowsOf(held);
        }
      }
    } catch (error) {
      throw InputError.isInstance(error) ? error : invalidWorkbook(error, file);
    } finally {
      await close();
    }
    if (options.columns !== undefined && options.columns.length > 0) {
      if (!sheets.some((sheet) => sheet.textColumns.columns.length > 0)) {
        throw new InputError({
          code: 'no_such_column',
          file,
          column: options.columns.join(', '),
          message: `no sheet has a column ${options.columns.map((name) => `"${name}"`).join(' or ')}. The sheets' columns are: ${sheets
            .map((sheet) => `"${sheet.name}": ${sheet.headerNames.map((name) => `"${name}"`).join(', ')}`)
            .join('; ')}.`,
        });
      }
    }
  }

  const generator = rows();
  return {
    format: 'xlsx',
    file,
    encoding: {
      name: 'utf-8',
      method: 'utf-8',
      confidence: 'certain',
      reason: 'an Excel workbook stores its text as Unicode',
    },
    preamble: [],
    header: [],
    textColumns: {
      columns: [],
      reason: "each sheet's text column, chosen by its header as the sheet is reached (listed below)",
    },
    layout: `Excel workbook, ${reader.model?.sheets?.length ?? 0} sheets; each read by its header names`,
    rows: singleUseRows(generator),
    sheets,
    close: async () => {
      await generator.return(undefined);
      await close();
    },
  };
}

/** `worksheets/sheet1.xml` or `/xl/worksheets/sheet1.xml` (relationship targets) → `xl/worksheets/sheet1.xml`. */
function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** Opens the zip's central directory: from the path, or from bytes and streams held in memory. */
async function openZip(source: InputSource, file: string | undefined): Promise<ZipDirectory> {
  try {
    if (typeof source === 'string') return (await unzipper.Open.file(source)) as ZipDirectory;
    const chunks: Uint8Array[] = [];
    if (source instanceof Uint8Array) chunks.push(source);
    else for await (const chunk of source) chunks.push(chunk);
    return (await unzipper.Open.buffer(Buffer.concat(chunks))) as ZipDirectory;
  } catch (error) {
    throw invalidWorkbook(error, file);
  }
}

/** True for the preamble and header rows of `sheet`, which are not data rows. */
function isAboveData(sheet: XlsxSheet, row: XlsxRowValues): boolean {
  return sheet.header !== undefined && row.rowNumber <= sheet.header.rowNumber;
}

function describeSheet(
  worksheet: WorksheetReaderInternals,
  position: number,
  head: readonly XlsxRowValues[],
  options: XlsxReaderOptions,
  file: string | undefined,
): XlsxSheet {
  const name = worksheet.name ?? `Sheet${position}`;
  const state =
    worksheet.state === 'hidden' || worksheet.state === 'veryHidden' ? worksheet.state : undefined;
  const search = head.slice(0, headerSearchRows).map((row) => ({ cells: trimEnd(row.values.map(cellText)) }));
  const found = head.length === 0 ? undefined : findHeaderRow(search);
  const base = { name, position, ...(state === undefined ? {} : { state }) };
  if (found === undefined) {
    const width = Math.max(0, ...head.map((row) => row.values.length));
    const why =
      head.length === 0
        ? 'empty'
        : `no header row in its first ${Math.min(head.length, headerSearchRows)} rows`;
    return {
      ...base,
      preamble: [],
      headerNames: [],
      dateColumns: [],
      width,
      textColumns: { columns: [], reason: `${why}; copied unchanged` },
      description: `sheet "${name}": ${why}; copied unchanged`,
    };
  }
  const header = head[found] as XlsxRowValues;
  const headerNames = trimEnd(header.values.map(cellText));
  const sample = head.slice(found + 1);
  const width = Math.max(headerNames.length, ...sample.map((row) => row.values.length));
  const names = Array.from({ length: width }, (_, column) => headerNames[column] ?? '');
  let textColumns: TextColumnChoice;
  try {
    textColumns = pickTextColumns({
      header: names,
      sample: sample.map((row) => row.values.map((value) => (isTextCell(value) ? cellText(value) : ''))),
      ...(options.columns === undefined ? {} : { requested: options.columns }),
      ...(file === undefined ? {} : { file }),
    });
    // A workbook holds sheets of contacts, summaries and call logs beside the messages: a sheet is
    // translated only when the chosen column is named for message text, not merely holding words.
    const chosen = textColumns.columns[0];
    if (options.columns === undefined && chosen !== undefined && !isMessageColumnName(chosen.name)) {
      textColumns = {
        columns: [],
        reason: `no column named for message text (such as Body, Message or Text; "${chosen.name}" holds words but is not); copied unchanged. Pass --column to translate a column`,
      };
    }
  } catch (error) {
    if (!InputError.isInstance(error)) throw error;
    const reason =
      error.code === 'no_such_column'
        ? `no column ${(options.columns ?? []).map((column) => `"${column}"`).join(' or ')}; copied unchanged`
        : 'no column looks like message text; copied unchanged';
    textColumns = { columns: [], reason };
  }
  const above = found === 0 ? '' : ` after ${found} title row${found === 1 ? '' : 's'}`;
  const dateColumns = findZonedDateColumns(names);
  const first = dateColumns[0];
  const dates =
    first === undefined ? '' : `; dates in UTC${first.utcOffset}, ${first.dateFormat} ("${first.name}")`;
  return {
    ...base,
    preamble: head.slice(0, found),
    header,
    headerNames: names,
    dateColumns,
    width,
    textColumns,
    description: `sheet "${name}": header on row ${header.rowNumber}${above}${dates}; ${textColumns.reason}`,
  };
}

function trimEnd(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && (cells[end - 1] ?? '').trim() === '') end--;
  return cells.slice(0, end);
}

function readRow(row: RowInternals): XlsxRowValues {
  const values: unknown[] = [];
  const numberFormats: Array<string | undefined> = [];
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    values[column - 1] = cell.value;
    const format = cell.numFmt;
    if (typeof format === 'string' && format !== '' && format !== 'General')
      numberFormats[column - 1] = format;
  });
  // Dense arrays: holes would be skipped by map and lost from the cells.
  for (let column = 0; column < values.length; column++) values[column] ??= null;
  return { rowNumber: row.number, values, numberFormats };
}

async function checkFile(path: string): Promise<void> {
  let size: number;
  try {
    const stats = await stat(path);
    if (!stats.isFile())
      throw new InputError({ code: 'not_a_file', file: path, message: 'this is not a file.' });
    size = stats.size;
  } catch (error) {
    if (InputError.isInstance(error)) throw error;
    throw new InputError({
      code: 'file_not_found',
      file: path,
      message: 'the file does not exist or cannot be read. Check the path.',
      cause: error,
    });
  }
  if (size === 0) {
    throw new InputError({
      code: 'empty_file',
      file: path,
      message: 'the file is empty. Check that the export completed and that you passed the right file.',
    });
  }
}

function invalidWorkbook(error: unknown, file: string | undefined): InputError {
  const reason = error instanceof Error ? error.message : String(error);
  return new InputError({
    code: 'invalid_xlsx',
    file,
    message: `this is not a readable Excel workbook (${reason}). Check that it is an .xlsx file (not .xls or a renamed CSV) and that it copied completely; or save it from Excel again.`,
    cause: error,
  });
}

// The parts of exceljs's streaming reader used here. Its published types omit `parse()`, which yields
// shared strings and worksheets as they are unzipped, and the `sharedStrings` table the worksheets read.
interface WorkbookReaderInternals {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<{ index: number; text: SharedStringValue | null }>;
  _parseWorksheet(stream: Readable, sheetNumber: string): Iterable<{ eventType: string; value: unknown }>;
  sharedStrings?: ArrayLike<unknown>;
  workbookRels?: Array<{ Id: string; Target: string }>;
  model?: { sheets?: Array<{ name: string; rId: string; state?: string }> };
}

interface ZipDirectory {
  files: Array<{ path: string; stream(): Readable }>;
}

interface WorksheetReaderInternals extends AsyncIterable<unknown> {
  name?: string;
  state?: string;
}

interface RowInternals {
  number: number;
  eachCell(
    options: { includeEmpty: boolean },
    callback: (cell: { value: unknown; numFmt?: unknown }, column: number) => void,
  ): void;
}
