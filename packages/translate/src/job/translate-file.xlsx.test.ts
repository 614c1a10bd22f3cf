import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  axiomDateHeader,
  axiomMessages,
  cellebriteMessages,
  formulaCells,
  readAllCells,
  writeAxiomWorkbook,
  writeCellebriteWorkbook,
} from '../__fixtures__/forensic-workbooks';
import type { XlsxSheet } from '../readers/xlsx-reader';
import { createFakeTranslator } from '../testing';
import { temporaryDirectory } from './__fixtures__/job-fixtures';
import { translateFile } from './translate-file';

let directory: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  directory = await temporaryDirectory();
});
afterEach(() => directory.remove());

const translator = () => createFakeTranslator({ translate: (text, target) => `[${target}] ${text}` });

async function translateWorkbook(input: string, extra: { output?: string; columns?: string[] } = {}) {
  const sheets: XlsxSheet[] = [];
  const result = await translateFile({
    input,
    provider: translator(),
    from: 'es',
    to: ['en'],
    cache: false,
    onSheetOpened: (sheet) => sheets.push(sheet),
    ...extra,
  });
  return { result, sheets };
}

/** The cells of one sheet as `{ address: value }`, with the added columns' cells left out. */
function originalCells(
  cells: Map<string, unknown>,
  firstAddedColumn: string | undefined,
): Map<string, unknown> {
  if (firstAddedColumn === undefined) return cells;
  const limit = columnNumber(firstAddedColumn);
  return new Map([...cells].filter(([address]) => columnNumber(address.replace(/\d+$/, '')) < limit));
}

function columnNumber(letters: string): number {
  return [...letters].reduce((total, letter) => total * 26 + letter.charCodeAt(0) - 64, 0);
}

describe('translateFile on an Excel workbook', () => {
  it('writes export.translated.xlsx with every sheet and original cell unchanged and the translations beside the text', async () => {
    const input = join(directory.path, 'export.xlsx');
    await writeCellebriteWorkbook(input);
    const { result, sheets } = await translateWorkbook(input);

    expect(result.outputPath).toBe(join(directory.path, 'export.translated.xlsx'));
    expect(sheets.map((sheet) => sheet.name)).toEqual(['Summary', 'Chats', 'Contacts', 'Notes']);
    expect(sheets.map((sheet) => sheet.textColumns.columns.map((column) => column.name))).toEqual([
      [],
      ['Body'],
      [],
      [],
    ]);
    const before = await readAllCells(input);
    const after = await readAllCells(result.outputPath);
    expect([...after.keys()]).toEqual(['Summary', 'Chats', 'Contacts', 'Notes']);
    // Cell by cell: numbers, booleans, dates, the title row and the text starting with "=" are as they were.
    for (const [name, cells] of before) {
      const firstAdded = name === 'Chats' ? 'J' : undefined;
      expect(originalCells(after.get(name) ?? new Map(), firstAdded)).toEqual(cells);
    }
    const chats = after.get('Chats') ?? new Map();
    expect(chats.get('A1')).toBe('Chats (6)');
    expect([chats.get('J2'), chats.get('K2'), chats.get('L2'), chats.get('M2')]).toEqual([
      'Body_en',
      'Body_lang',
      'toex_status',
      'toex_flags',
    ]);
    expect(chats.get('G3')).toEqual(new Date(Date.UTC(2023, 2, 12, 14, 0, 9)));
    // Every message once, in order, with its translation and a status; the empty one skipped.
    const rows = cellebriteMessages.map((_, index) => index + 3);
    expect(rows.map((row) => chats.get(`E${row}`) ?? '')).toEqual(cellebriteMessages);
    expect(rows.map((row) => chats.get(`J${row}`) ?? '')).toEqual(
      cellebriteMessages.map((message) => (message === '' ? '' : `[en] ${message}`)),
    );
    expect(rows.map((row) => chats.get(`L${row}`))).toEqual(['ok', 'ok', 'ok', 'skipped:empty', 'ok', 'ok']);
    // A message that looks like a formula stays text, in the original column and in the translation.
    expect(chats.get('E5')).toBe(cellebriteMessages[2]);
    expect(await formulaCells(result.outputPath)).toEqual([]);
    // Sheets without text have no added columns; every row of every sheet is counted.
    expect((after.get('Contacts') ?? new Map()).has('E2')).toBe(false);
    expect(result.rows).toBe(1 + cellebriteMessages.length + 2);
    expect(result.manifest.output.path).toBe(result.outputPath);
    expect(result.manifest.settings).toMatchObject({ input: { format: 'xlsx', columns: ['Body'] } });
    expect(result.input.textColumns.reason).toContain('sheet "Chats": header on row 2 after 1 title row');
  });

  it('finds each AXIOM artifact sheet by its header names and keeps the zone and format in the date header', async () => {
    const input = join(directory.path, 'Exported results.xlsx');
    await writeAxiomWorkbook(input);
    const { result, sheets } = await translateWorkbook(input);
    expect(
      sheets.map((sheet) => [sheet.name, sheet.textColumns.columns.map((column) => column.name)]),
    ).toEqual([
      ['WhatsApp Messages - Android', ['Message']],
      ['Telegram Messages - Android', ['Message Body']],
      ['Call Logs', []],
    ]);
    const after = await readAllCells(result.outputPath);
    const whatsapp = after.get('WhatsApp Messages - Android') ?? new Map();
    expect(whatsapp.get('E1')).toBe(axiomDateHeader);
    expect([whatsapp.get('H1'), whatsapp.get('I1'), whatsapp.get('J1')]).toEqual([
      'Message_en',
      'Message_lang',
      'toex_status',
    ]);
    expect(axiomMessages.map((_, index) => whatsapp.get(`D${index + 2}`))).toEqual(axiomMessages);
    expect(axiomMessages.map((_, index) => whatsapp.get(`H${index + 2}`))).toEqual(
      axiomMessages.map((message) => `[en] ${message}`),
    );
    expect(whatsapp.get('A2')).toBe(1000);
    expect(await formulaCells(result.outputPath)).toEqual([]);
    const before = await readAllCells(input);
    expect(after.get('Call Logs')).toEqual(before.get('Call Logs'));
  });

  it('writes one CSV per sheet for --out F.csv, listed in the manifest', async () => {
    const input = join(directory.path, 'export.xlsx');
    await writeCellebriteWorkbook(input);
    const { result } = await translateWorkbook(input, { output: join(directory.path, 'out.csv') });
    expect((await readdir(directory.path)).filter((name) => name.endsWith('.csv')).sort()).toEqual([
      'out.Chats.csv',
      'out.Contacts.csv',
      'out.Notes.csv',
      'out.Summary.csv',
    ]);
    expect(result.outputPath).toBe(join(directory.path, 'out.Summary.csv'));
    expect(result.manifest.additionalOutputs.map((file) => file.path)).toEqual(
      ['Chats', 'Contacts', 'Notes'].map((sheet) => join(directory.path, `out.${sheet}.csv`)),
    );
    const chats = (await readFile(join(directory.path, 'out.Chats.csv'), 'utf8')).slice(1);
    const records = parse(chats, { relax_column_count: true }) as string[][];
    expect(records[0]).toEqual(['Chats (6)']);
    expect(records[1]?.slice(-4)).toEqual(['Body_en', 'Body_lang', 'toex_status', 'toex_flags']);
    expect(records.slice(2).map((record) => record[4])).toEqual(
      // The CSV writer neutralises cells a spreadsheet would run, as for any CSV output.
      cellebriteMessages.map((message) => (/^[=+]/.test(message) ? `'${message}` : message)),
    );
    expect(records.slice(2).map((record) => record.at(-2))).toEqual([
      'ok',
      'ok',
      'ok',
      'skipped:empty',
      'ok',
      'ok',
    ]);
  });

  it('translates the requested column in every sheet that has it, and refuses a column no sheet has', async () => {
    const input = join(directory.path, 'export.xlsx');
    await writeCellebriteWorkbook(input);
    const { sheets } = await translateWorkbook(input, { columns: ['name'] });
    expect(sheets.map((sheet) => sheet.textColumns.columns.map((column) => column.name))).toEqual([
      [],
      [],
      ['Name'],
      [],
    ]);
    await expect(translateWorkbook(input, { columns: ['Nachricht'] })).rejects.toMatchObject({
      code: 'no_such_column',
    });
    expect((await readdir(directory.path)).filter((name) => name.includes('partial'))).toEqual([]);
  });

  it('keeps a sheet of a workbook with no shared strings (as streaming writers produce)', async () => {
    const input = join(directory.path, 'inline.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: input, useSharedStrings: false });
    const sheet = writer.addWorksheet('Instant Messages');
    sheet.addRow(['Instant Messages']).commit();
    sheet.addRow(['From', 'Body']).commit();
    sheet.addRow(['Carlos', 'Hola']).commit();
    sheet.addRow(['Lucía', '=2+2 son cuatro']).commit();
    sheet.commit();
    await writer.commit();
    const { result } = await translateWorkbook(input);
    const cells = (await readAllCells(result.outputPath)).get('Instant Messages') ?? new Map();
    expect([cells.get('B3'), cells.get('C3'), cells.get('B4'), cells.get('C4')]).toEqual([
      'Hola',
      '[en] Hola',
      '=2+2 son cuatro',
      '[en] =2+2 son cuatro',
    ]);
    expect(await formulaCells(result.outputPath)).toEqual([]);
  });

  it('writes the flags and a second opinion beside each translation in the workbook', async () => {
    const input = join(directory.path, 'export.xlsx');
    await writeCellebriteWorkbook(input);
    const second = {
      ...createFakeTranslator({ translate: () => 'something else entirely' }),
      id: 'fake-second',
    };
    const result = await translateFile({
      input,
      provider: translator(),
      from: 'es',
      to: ['en'],
      cache: false,
      secondOpinion: { provider: second, sample: 'all' },
    });
    const chats = (await readAllCells(result.outputPath)).get('Chats') ?? new Map();
    expect(['J2', 'K2', 'L2', 'M2', 'N2'].map((address) => chats.get(address))).toEqual([
      'Body_en',
      'Body_en_second',
      'Body_lang',
      'toex_status',
      'toex_flags',
    ]);
    const rows = cellebriteMessages.map((_, index) => index + 3);
    expect(rows.map((row) => chats.get(`K${row}`) ?? '')).toEqual(
      cellebriteMessages.map((message) => (message === '' ? '' : 'something else entirely')),
    );
    // Every translated row disagrees with its second opinion; the fake's `[en] <source>` also reads as Spanish.
    expect(rows.map((row) => String(chats.get(`N${row}`) ?? ''))).toEqual(
      cellebriteMessages.map((message) => (message === '' ? '' : expect.stringContaining('second-opinion'))),
    );
    expect(result.secondOpinion?.disagreements).toBe(
      cellebriteMessages.filter((message) => message !== '').length,
    );
  });
});
