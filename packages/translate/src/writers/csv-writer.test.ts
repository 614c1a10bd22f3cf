import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { neutraliseSpreadsheetFormula, ToexAbortError, ToexError } from '@toex/core';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCsv } from '../readers/csv-reader';
import type { SourceRow } from '../readers/source-row';
import { writeCsv } from './csv-writer';
import type { OutputRow } from './output-row';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'toex-csv-writer-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const source = (index: number, cells: string[]): SourceRow => ({ index, line: index + 2, cells, texts: [] });
const output = (index: number, cells: string[], added: string[]): OutputRow => ({
  source: source(index, cells),
  added,
});

describe('writeCsv', () => {
  it('writes a BOM, CRLF, the preamble, the header with added columns, and the rows in order', async () => {
    const path = join(folder, 'out.csv');
    const result = await writeCsv(
      [output(0, ['1', 'Hola'], ['Hello']), output(1, ['2', 'Adiós'], ['Goodbye'])],
      {
        destination: path,
        header: ['#', 'Body'],
        addedColumns: ['Body (en)'],
        preamble: ['Cellebrite Reader Report', ''],
      },
    );
    const bytes = await readFile(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      'Cellebrite Reader Report\r\n\r\n#,Body,Body (en)\r\n1,Hola,Hello\r\n2,Adiós,Goodbye\r\n',
    );
    expect(result).toMatchObject({ path, bytes: bytes.length, rows: 2, neutralisedCells: 0 });
  });

  it('neutralises formulas in every cell, header and preamble included, and counts them per column', async () => {
    const path = join(folder, 'out.csv');
    const result = await writeCsv(
      [
        output(0, ['=HYPERLINK("http://x")', '+447700900123'], ['@SUM(A1)']),
        output(1, ['+44 7700 900123', '-12.5', '+A1'], ['=1']),
      ],
      {
        destination: path,
        header: ['From', '=cmd'],
        addedColumns: ['-x'],
        preamble: ['=1+1'],
      },
    );
    const text = (await readFile(path, 'utf8')).slice(1);
    // Phone numbers and plain numbers stay byte-identical: there is nothing in them to run.
    expect(text).toBe(
      '\'=1+1\r\nFrom,\'=cmd,\'-x\r\n"\'=HYPERLINK(""http://x"")",+447700900123,\'@SUM(A1)\r\n' +
        "+44 7700 900123,-12.5,'=1,'+A1\r\n",
    );
    expect(result.neutralisedCells).toBe(7);
    expect(result.neutralisedPreambleLines).toBe(1);
    expect(result.neutralisedColumns).toEqual([
      { index: 0, name: 'From', cells: 1 },
      { index: 1, name: '=cmd', cells: 1 },
      { index: 2, name: '-x', cells: 3 },
      { index: 3, name: '', cells: 1 },
    ]);
  });

  it('pads short rows and keeps extra cells after the added columns, so nothing is lost', async () => {
    const path = join(folder, 'out.csv');
    await writeCsv([output(0, ['A'], ['x']), output(1, ['A', 'B', 'C', 'D'], ['y'])], {
      destination: path,
      header: ['From', 'Body', 'Status'],
      addedColumns: ['Body (en)'],
      byteOrderMark: false,
    });
    expect(await readFile(path, 'utf8')).toBe('From,Body,Status,Body (en)\r\nA,,,x\r\nA,B,C,y,D\r\n');
  });

  it('quotes cells with any line break, also with a semicolon delimiter', async () => {
    const path = join(folder, 'out.csv');
    await writeCsv([output(0, ['uno\ndos', 'tres\rcuatro', 'a;b', 'a,b'], [])], {
      destination: path,
      header: ['A', 'B', 'C', 'D'],
      addedColumns: [],
      delimiter: ';',
      byteOrderMark: false,
    });
    expect(await readFile(path, 'utf8')).toBe('A;B;C;D\r\n"uno\ndos";"tres\rcuatro";"a;b";a,b\r\n');
  });

  it('leaves no file behind, complete-looking or partial, when the rows fail midway', async () => {
    const path = join(folder, 'out.csv');
    async function* failing(): AsyncGenerator<OutputRow> {
      yield output(0, ['1', 'Hola'], ['Hello']);
      throw new Error('translation failed');
    }
    await expect(
      writeCsv(failing(), { destination: path, header: ['#', 'Body'], addedColumns: ['en'] }),
    ).rejects.toThrow('translation failed');
    expect(await readdir(folder)).toEqual([]);
  });

  it('never shows the final name until the last row is written and synced', async () => {
    const path = join(folder, 'out.csv');
    const seenWhileWriting: string[][] = [];
    async function* rows(): AsyncGenerator<OutputRow> {
      for (let index = 0; index < 5000; index++) {
        yield output(index, [String(index), 'Un mensaje de relleno para pasar del búfer'], ['x']);
        if (index % 1000 === 999) seenWhileWriting.push(await readdir(folder));
      }
    }
    await writeCsv(rows(), { destination: path, header: ['#', 'Body'], addedColumns: ['en'] });
    for (const listing of seenWhileWriting) expect(listing).not.toContain('out.csv');
    expect(seenWhileWriting.flat()).toContain('out.csv.partial');
    expect(await readdir(folder)).toEqual(['out.csv']);
  });

  it('stops on abort and removes the partial file', async () => {
    const path = join(folder, 'out.csv');
    const controller = new AbortController();
    async function* rows(): AsyncGenerator<OutputRow> {
      yield output(0, ['1'], []);
      controller.abort();
      yield output(1, ['2'], []);
    }
    await expect(
      writeCsv(rows(), { destination: path, header: ['#'], addedColumns: [], signal: controller.signal }),
    ).rejects.toSatisfy(ToexAbortError.isInstance);
    expect(await readdir(folder)).toEqual([]);
  });

  it('hands every byte to onChunk, in order, so the output can be hashed while written', async () => {
    const path = join(folder, 'out.csv');
    const chunks: Uint8Array[] = [];
    const rows = Array.from({ length: 5000 }, (_, index) =>
      output(index, [String(index), `Mensaje número ${index}`], ['x']),
    );
    const result = await writeCsv(rows, {
      destination: path,
      header: ['#', 'Body'],
      addedColumns: ['en'],
      onChunk: (chunk) => chunks.push(chunk),
    });
    expect(chunks.length).toBeGreaterThan(1);
    const written = await readFile(path);
    expect(Buffer.concat(chunks).equals(written)).toBe(true);
    expect(result.bytes).toBe(written.length);
    expect(result.sha256).toBe(createHash('sha256').update(written).digest('hex'));
  });

  it('creates the output readable by its owner only: it holds case material', async () => {
    const path = join(folder, 'out.csv');
    await writeCsv([output(0, ['1'], [])], { destination: path, header: ['#'], addedColumns: [] });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('says which file could not be written when the folder does not exist, leaving nothing behind', async () => {
    const path = join(folder, 'missing', 'out.csv');
    await expect(
      writeCsv([output(0, ['1'], [])], { destination: path, header: ['#'], addedColumns: [] }),
    ).rejects.toSatisfy(
      (error) =>
        ToexError.isInstance(error) &&
        error.code === 'output_not_writable' &&
        error.message.includes('out.csv.partial'),
    );
    expect(await readdir(folder)).toEqual([]);
  });

  it('waits for a slow stream to drain instead of buffering the whole output', async () => {
    const received: Buffer[] = [];
    let pendingAtMost = 0;
    let pending = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        pending++;
        pendingAtMost = Math.max(pendingAtMost, pending);
        received.push(chunk);
        setTimeout(() => {
          pending--;
          callback();
        }, 1);
      },
    });
    const rows = Array.from({ length: 20_000 }, (_, index) =>
      output(index, [String(index), 'Un mensaje de relleno'], ['A filler message']),
    );
    const result = await writeCsv(rows, { destination: slow, header: ['#', 'Body'], addedColumns: ['en'] });
    expect(result.path).toBeUndefined();
    expect(pendingAtMost).toBe(1);
    const text = Buffer.concat(received).toString('utf8');
    expect(text.endsWith('19999,Un mensaje de relleno,A filler message\r\n')).toBe(true);
    expect(Buffer.concat(received).length).toBe(result.bytes);
  });
});

describe('writeCsv then readCsv (property)', () => {
  const cell = fc.string({
    unit: fc.constantFrom(
      'a',
      'Z',
      ' ',
      '0',
      '"',
      ',',
      ';',
      '\t',
      '\n',
      '\r\n',
      '\r',
      "'",
      '=',
      '+',
      '-',
      '@',
      'ñ',
      '€',
      'م',
      '你',
      '📦',
      '\uFF1D',
    ),
    maxLength: 20,
  });
  const names = fc.uniqueArray(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 #:]{0,11}$/), {
    minLength: 2,
    maxLength: 5,
    selector: (name) => name.trim().toLowerCase(),
  });
  const preambleLines = fc.array(fc.stringMatching(/^[A-Za-z0-9 :/.-]{0,30}$/), { maxLength: 3 });

  async function roundTrip(
    header: string[],
    preamble: string[],
    delimiter: string,
    cellRows: string[][],
    addedTexts: string[],
    readOptions: Parameters<typeof readCsv>[1],
  ): Promise<void> {
    const addedColumns = addedTexts.map((_, index) => `${header[0]} (t${index})`);
    const path = join(folder, 'round-trip.csv');
    await writeCsv(
      cellRows.map((cells, index) => output(index, cells, addedTexts)),
      { destination: path, header, addedColumns, preamble, delimiter },
    );
    const document = await readCsv(path, { columns: [header[0] ?? ''], ...readOptions });
    expect(document.encoding).toMatchObject({ name: 'utf-8', method: 'bom' });
    expect(document.delimiter).toBe(delimiter);
    expect(document.preamble).toEqual(preamble.map(neutraliseSpreadsheetFormula));
    expect(document.header).toEqual([...header, ...addedColumns]);
    const read: string[][] = [];
    for await (const row of document.rows) read.push([...row.cells]);
    const expected = cellRows.map((cells) =>
      [...header.map((_, index) => cells[index] ?? ''), ...addedTexts, ...cells.slice(header.length)].map(
        neutraliseSpreadsheetFormula,
      ),
    );
    expect(read).toEqual(expected);
  }

  it('reads back every row of a table, in order and neutralised, detecting delimiter, preamble and header', async () => {
    await fc.assert(
      fc.asyncProperty(
        names.chain((header) =>
          fc.tuple(
            fc.constant(header.map((name) => name.trim())),
            preambleLines,
            fc.constantFrom(',', ';', '\t'),
            fc.array(fc.array(cell, { minLength: header.length, maxLength: header.length }), {
              maxLength: 12,
            }),
            fc.array(cell, { minLength: 1, maxLength: 2 }),
          ),
        ),
        async ([header, preamble, delimiter, rows, added]) => {
          await roundTrip(
            header,
            preamble.map((line) => line.trim()),
            delimiter,
            rows,
            added,
            {},
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('loses no cell of ragged rows: short rows come back padded, extra cells after the added columns', async () => {
    await fc.assert(
      fc.asyncProperty(
        names,
        preambleLines,
        fc.constantFrom(',', ';', '\t'),
        fc.array(fc.array(cell, { maxLength: 7 }), { maxLength: 12 }),
        fc.array(cell, { minLength: 1, maxLength: 2 }),
        async (header, preamble, delimiter, rows, added) => {
          const trimmed = preamble.map((line) => line.trim());
          await roundTrip(
            header.map((name) => name.trim()),
            trimmed,
            delimiter,
            rows,
            added,
            {
              delimiter,
              headerLine: trimmed.length + 1,
            },
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
