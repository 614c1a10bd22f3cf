import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apertiumUrlForTests } from '../../../../scripts/test/apertium-url';
import { bufferedIo, temporaryDirectory } from '../__fixtures__/cli-test-io';
import { ExitCode } from '../io';
import { runCli } from '../main';

// `toex translate export.xlsx --to en` as an investigator runs it on a Cellebrite workbook, with the real
// Apertium engine the test setup started on loopback.

let directory: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  directory = await temporaryDirectory();
});
afterEach(() => directory.remove());

async function writeWorkbook(): Promise<string> {
  const path = join(directory.path, 'export.xlsx');
  const workbook = new ExcelJS.Workbook();
  const chats = workbook.addWorksheet('Chats');
  chats.addRow(['Chats (3)']);
  chats.addRow(['#', 'From', 'Body', 'Status']);
  chats.addRow([1, 'Carlos', 'hola', 'Read']);
  chats.addRow([2, 'Lucía', 'El coche está en el garaje', 'Sent']);
  chats.addRow([3, 'Carlos', '=1+1 son dos', 'Read']);
  workbook.addWorksheet('Contacts').addRow(['#', 'Name']);
  await workbook.xlsx.writeFile(path);
  return path;
}

async function readSheet(path: string, name: string): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const rows: unknown[][] = [];
  workbook.getWorksheet(name)?.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

describe('toex translate on an Excel workbook', () => {
  it('writes export.translated.xlsx with the translations beside the Body column, and says which column of which sheet', async () => {
    const input = await writeWorkbook();
    const io = bufferedIo({ cwd: directory.path, env: { APERTIUM_URL: apertiumUrlForTests() } });
    const code = await runCli(['translate', input, '--to', 'en', '--from', 'es', '--currency', 'EUR'], io);
    expect(code, io.err()).toBe(ExitCode.ok);
    expect(io.err()).toContain('sheet "Chats": header on row 2 after 1 title row; column "Body"');
    expect(io.err()).toContain('sheet "Contacts": ');
    const rows = await readSheet(join(directory.path, 'export.translated.xlsx'), 'Chats');
    expect(rows[0]).toEqual(['Chats (3)']);
    expect(rows[1]).toEqual([
      '#',
      'From',
      'Body',
      'Status',
      'Body_en',
      'Body_lang',
      'toex_status',
      'toex_flags',
    ]);
    expect(rows.slice(2).map((row) => [row[0], row[2], String(row[4]).toLowerCase(), row[6]])).toEqual([
      [1, 'hola', 'hello', 'ok'],
      [2, 'El coche está en el garaje', 'the car is in the garage', 'ok'],
      [3, '=1+1 son dos', expect.stringMatching(/^=1\+1/), 'ok'],
    ]);
    // Beside the translation memory (.toex-cache): the input, the workbook written and its manifest.
    expect((await readdir(directory.path)).filter((name) => !name.startsWith('.')).sort()).toEqual([
      'export.translated.xlsx',
      'export.translated.xlsx.manifest.json',
      'export.xlsx',
    ]);
  }, 60_000);

  it('writes one CSV per sheet for --out F.csv', async () => {
    const input = await writeWorkbook();
    const io = bufferedIo({ cwd: directory.path, env: { APERTIUM_URL: apertiumUrlForTests() } });
    const code = await runCli(
      ['translate', input, '--to', 'en', '--from', 'es', '--currency', 'EUR', '--out', 'out.csv'],
      io,
    );
    expect(code, io.err()).toBe(ExitCode.ok);
    expect((await readdir(directory.path)).filter((name) => name.endsWith('.csv')).sort()).toEqual([
      'out.Chats.csv',
      'out.Contacts.csv',
    ]);
  }, 60_000);
});
