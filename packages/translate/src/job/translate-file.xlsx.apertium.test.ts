import { join } from 'node:path';
import { sha256File } from '@toex/core';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apertiumUrlForTests } from '../../../../scripts/test/apertium-url';
import { formulaCells, readAllCells } from '../__fixtures__/forensic-workbooks';
import { createApertiumTranslator } from '../providers/apertium';
import { temporaryDirectory } from './__fixtures__/job-fixtures';
import { translateFile } from './translate-file';

// Real Apertium APY (started on loopback by the vitest global setup), a real workbook, no fakes.

const bodies = [
  'hola',
  'gracias',
  '=SUMA(A1:A3) euros',
  '',
  'El coche está en el garaje',
  'Llego en cinco minutos',
];
const known: Record<string, string> = {
  hola: 'hello',
  gracias: 'thank you',
  'El coche está en el garaje': 'The car is in the garage',
  'Llego en cinco minutos': 'I arrive in five minutes',
};

let directory: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  directory = await temporaryDirectory();
});
afterEach(() => directory.remove());

describe('translateFile with a real Apertium engine on an Excel workbook', () => {
  it('translates the Body of a Cellebrite-style sheet, keeping every row, cell and the title row', async () => {
    const input = join(directory.path, 'export.xlsx');
    const workbook = new ExcelJS.Workbook();
    const chats = workbook.addWorksheet('Instant Messages');
    chats.addRow(['Instant Messages (6)']);
    chats.addRow(['#', 'From', 'Body', 'Timestamp: Date', 'Deleted - Instant Message']);
    bodies.forEach((body, index) => {
      chats.addRow([
        index + 1,
        index % 2 === 0 ? 'Carlos' : 'Lucía',
        body === '' ? null : body,
        new Date(Date.UTC(2023, 2, 12, 14, index)),
        index === 3,
      ]);
    });
    workbook.addWorksheet('Contacts').addRow(['#', 'Name']);
    await workbook.xlsx.writeFile(input);

    const result = await translateFile({
      input,
      provider: createApertiumTranslator({ baseUrl: apertiumUrlForTests() }),
      from: 'es',
      to: ['en'],
      cache: false,
    });

    expect(result.outputPath).toBe(join(directory.path, 'export.translated.xlsx'));
    const before = await readAllCells(input);
    const after = await readAllCells(result.outputPath);
    expect([...after.keys()]).toEqual(['Instant Messages', 'Contacts']);
    const sheet = after.get('Instant Messages') ?? new Map();
    for (const [address, value] of before.get('Instant Messages') ?? new Map()) {
      expect(sheet.get(address), address).toEqual(value);
    }
    expect(after.get('Contacts')).toEqual(before.get('Contacts'));
    expect([sheet.get('F2'), sheet.get('G2'), sheet.get('H2')]).toEqual([
      'Body_en',
      'Body_lang',
      'toex_status',
    ]);
    const rows = bodies.map((_, index) => index + 3);
    expect(rows.map((row) => sheet.get(`C${row}`) ?? '')).toEqual(bodies);
    rows.forEach((row, index) => {
      const expected = known[bodies[index] ?? ''];
      if (expected !== undefined)
        expect(String(sheet.get(`F${row}`)).toLowerCase()).toBe(expected.toLowerCase());
    });
    expect(rows.map((row) => sheet.get(`H${row}`))).toEqual(['ok', 'ok', 'ok', 'skipped:empty', 'ok', 'ok']);
    // The formula-looking message and its translation are text, never formulas.
    expect(String(sheet.get('F5'))).toMatch(/^=/);
    expect(await formulaCells(result.outputPath)).toEqual([]);
    expect(result.manifest.provider.id).toBe('apertium');
    expect(result.manifest.output.sha256).toBe((await sha256File(result.outputPath)).sha256);
  }, 60_000);
});
