import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '@toex/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  axiomDateHeader,
  axiomMessages,
  writeAxiomWorkbook,
  writeCellebriteWorkbook,
} from '../__fixtures__/forensic-workbooks';
import { temporaryDirectory } from '../job/__fixtures__/job-fixtures';
import { findZonedDateColumns, isXlsxRowRecord, readXlsx } from './xlsx-reader';

let directory: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  directory = await temporaryDirectory();
});
afterEach(() => directory.remove());

describe('readXlsx', () => {
  it('reads every sheet in tab order, each row once with its sheet, and says what it found per sheet', async () => {
    const path = join(directory.path, 'export.xlsx');
    await writeCellebriteWorkbook(path);
    const found: string[] = [];
    const document = await readXlsx(path, { onSheet: (sheet) => found.push(sheet.description) });
    const rows: Array<{ sheet: string; line: number; text: string | undefined }> = [];
    for await (const row of document.rows) {
      if (!isXlsxRowRecord(row.record)) throw new Error('no record');
      rows.push({ sheet: row.record.sheet.name, line: row.line, text: row.texts[0]?.text });
    }
    expect(found).toEqual([
      expect.stringMatching(/^sheet "Summary": .*copied unchanged/),
      expect.stringMatching(/^sheet "Chats": header on row 2 after 1 title row; column "Body"/),
      expect.stringMatching(
        /^sheet "Contacts": header on row 2 after 1 title row; no column named for message text/,
      ),
      'sheet "Notes": empty; copied unchanged',
    ]);
    expect(rows.filter((row) => row.sheet === 'Chats').map((row) => row.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(rows.filter((row) => row.sheet === 'Contacts').map((row) => row.text)).toEqual([
      undefined,
      undefined,
    ]);
    expect(document.sheets.map((sheet) => sheet.name)).toEqual(['Summary', 'Chats', 'Contacts', 'Notes']);
  });

  it("reads AXIOM's time zone and date format from the date headers", async () => {
    const path = join(directory.path, 'Exported results.xlsx');
    await writeAxiomWorkbook(path);
    const document = await readXlsx(path);
    const texts: string[] = [];
    for await (const row of document.rows) if (row.texts[0] !== undefined) texts.push(row.texts[0].text);
    expect(texts.slice(0, axiomMessages.length)).toEqual(axiomMessages);
    const [whatsapp] = document.sheets;
    expect(whatsapp?.dateColumns).toEqual([
      {
        name: axiomDateHeader,
        index: 4,
        field: 'Message Sent Date/Time',
        utcOffset: '+00:00',
        dateFormat: 'dd/MM/yyyy',
      },
    ]);
    expect(whatsapp?.description).toContain('dates in UTC+00:00, dd/MM/yyyy');
  });

  it('parses zoned date headers of AXIOM and older Magnet IEF, and ignores other brackets', () => {
    expect(
      findZonedDateColumns([
        'Created Date/Time - UTC-05:00 (M/d/yyyy)',
        'Date/Time - (UTC) (MM/dd/yyyy)',
        'Message',
        'Size (bytes)',
      ]).map((column) => [column.index, column.field, column.utcOffset, column.dateFormat]),
    ).toEqual([
      [0, 'Created Date/Time', '-05:00', 'M/d/yyyy'],
      [1, 'Date/Time', '+00:00', 'MM/dd/yyyy'],
    ]);
  });

  it('refuses a file that is not a workbook, naming it', async () => {
    const path = join(directory.path, 'renamed.xlsx');
    await writeFile(path, '#,Body\r\n1,hola\r\n');
    const error = await readXlsx(path).catch((caught: unknown) => caught);
    expect(InputError.isInstance(error) && error.code).toBe('invalid_xlsx');
    expect((error as Error).message).toContain('renamed.xlsx');
  });

  it('refuses an empty file and a missing one', async () => {
    const empty = join(directory.path, 'empty.xlsx');
    await writeFile(empty, '');
    await expect(readXlsx(empty)).rejects.toMatchObject({ code: 'empty_file' });
    await expect(readXlsx(join(directory.path, 'missing.xlsx'))).rejects.toMatchObject({
      code: 'file_not_found',
    });
  });
});
