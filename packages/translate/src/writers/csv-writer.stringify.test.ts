import { Writable } from 'node:stream';
import { neutraliseSpreadsheetFormula } from '@toex/core';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeCsv } from './csv-writer';
import type { OutputRow } from './output-row';

// The writer serialises cells itself (csv-stringify's per-call setup was its largest cost). This checks
// it writes byte for byte what the csv-stringify configuration it replaced wrote.

/** What the writer wrote before: csv-stringify with CRLF records and any line break quoted. */
function stringifyRecord(cells: readonly string[], delimiter: string): string {
  return stringify([cells.map(neutraliseSpreadsheetFormula)], {
    delimiter,
    record_delimiter: '\r\n',
    quoted_match: /[\r\n]/,
  });
}

async function written(rows: OutputRow[], header: string[], added: string[], delimiter: string) {
  const chunks: Buffer[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  await writeCsv(rows, { destination, header, addedColumns: added, delimiter, byteOrderMark: false });
  return Buffer.concat(chunks).toString('utf8');
}

const cellText = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    ' ',
    '"',
    '""',
    ',',
    ';',
    '\t',
    '\n',
    '\r',
    '\r\n',
    '=1+1',
    '-12',
    '+44 7700 900123',
    'a"b,c',
  ),
  fc
    .array(fc.constantFrom('a', 'ñ', '😂', '"', ',', ';', '\n', '\r', ' ', '=', '-'), { maxLength: 12 })
    .map((parts) => parts.join('')),
);

describe('writeCsv serialisation', () => {
  it('writes exactly what csv-stringify wrote, for any cells, short and long rows, and delimiter (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(',', ';', '\t', '|'),
        fc.array(cellText, { minLength: 1, maxLength: 4 }),
        fc.array(cellText, { maxLength: 3 }),
        fc.array(fc.tuple(fc.array(cellText, { maxLength: 6 }), fc.array(cellText, { maxLength: 3 })), {
          maxLength: 8,
        }),
        async (delimiter, header, added, rows) => {
          const outputRows: OutputRow[] = rows.map(([cells, addedCells], index) => ({
            source: { index, line: index + 2, cells, texts: [] },
            added: addedCells,
          }));
          const expected =
            stringifyRecord([...header, ...added], delimiter) +
            rows
              .map(([cells, addedCells]) =>
                stringifyRecord(
                  [
                    ...header.map((_, index) => cells[index] ?? ''),
                    ...added.map((_, index) => addedCells[index] ?? ''),
                    ...cells.slice(header.length),
                  ],
                  delimiter,
                ),
              )
              .join('');
          expect(await written(outputRows, header, added, delimiter)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
