import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, ToexError } from '@toex/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canEncode, chunked, decoderName, encodeText, type TestEncoding } from '../__fixtures__/encode-text';
import { readCsv } from './csv-reader';
import type { InputDocument, ReaderWarning, SourceRow } from './source-row';

const fixture = (name: string) => fileURLToPath(new URL(`../__fixtures__/${name}`, import.meta.url));

async function collect(document: InputDocument): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of document.rows) rows.push(row);
  return rows;
}

async function readText(text: string, options: Parameters<typeof readCsv>[1] = {}) {
  const warnings: ReaderWarning[] = [];
  const document = await readCsv(new TextEncoder().encode(text), {
    file: 'chats.csv',
    onWarning: (warning) => warnings.push(warning),
    ...options,
  });
  return { document, rows: await collect(document), warnings };
}

async function readError(
  source: Uint8Array | string,
  options: Parameters<typeof readCsv>[1] = {},
): Promise<InputError> {
  const bytes = typeof source === 'string' ? new TextEncoder().encode(source) : source;
  try {
    await collect(await readCsv(bytes, { file: 'chats.csv', ...options }));
  } catch (error) {
    expect(InputError.isInstance(error)).toBe(true);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('readCsv on realistic exports', () => {
  it('reads a UTF-16 LE Cellebrite export with a preamble, multi-line cells and emoji', async () => {
    const document = await readCsv(fixture('cellebrite-chats-utf16le.csv'));
    expect(document.encoding).toMatchObject({ name: 'utf-16le', method: 'bom' });
    expect(document.delimiter).toBe(',');
    expect(document.preamble).toEqual([
      'Cellebrite Reader Report',
      'Case: 2024/0193 - Operación Ejemplo',
      'Extraction: Advanced Logical, Apple iPhone 12',
    ]);
    expect(document.headerLine).toBe(4);
    expect(document.header).toHaveLength(10);
    expect(document.header[0]).toBe('#');
    expect(document.textColumns.columns).toEqual([{ name: 'Body', index: 5 }]);
    const rows = await collect(document);
    expect(rows.map((row) => row.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // Row 3's body spans three lines, so the next row starts on line 10.
    expect(rows.map((row) => row.line)).toEqual([5, 6, 7, 10, 11, 12, 13]);
    expect(rows[2]?.texts).toEqual([
      { column: 'Body', text: 'Vale.\r\nLlevo el paquete 📦\r\nNo se lo digas a nadie' },
    ]);
    expect(rows[5]?.texts[0]?.text).toBe('');
    expect(rows[6]?.cells[5]).toBe('Perfecto 👍 hasta mañana');
  });

  it('reads a semicolon-separated Windows-1252 export, euro sign and ellipsis included', async () => {
    const document = await readCsv(fixture('xry-messages-windows-1252.csv'));
    expect(document.encoding.name).toBe('windows-1252');
    expect(document.delimiter).toBe(';');
    expect(document.header[0]).toBe('Índice');
    expect(document.textColumns.columns[0]?.name).toBe('Texto');
    const texts = (await collect(document)).map((row) => row.texts[0]?.text);
    expect(texts).toContain('Llego en 5 min; el tráfico está fatal');
    // Bytes 0x85 and 0x80: Node's own windows-1252 decoder turns them into control characters.
    expect(texts).toContain('Dijo "mañana" pero no me fío… cuesta 200 €');
  });

  it('reads a Windows-1256 Arabic export and a GB18030 Chinese export', async () => {
    const arabic = await readCsv(fixture('axiom-whatsapp-windows-1256.csv'));
    expect(arabic.encoding.name).toBe('windows-1256');
    expect(arabic.textColumns.columns[0]?.name).toBe('Message');
    expect((await collect(arabic)).map((row) => row.texts[0]?.text)[0]).toBe('مرحبا، كيف حالك؟');

    const chinese = await readCsv(fixture('wechat-messages-gb18030.csv'));
    expect(chinese.encoding.name).toBe('gb18030');
    expect(chinese.textColumns.columns[0]?.name).toBe('消息内容');
    expect((await collect(chinese)).map((row) => row.texts[0]?.text)[2]).toBe('好的👌 别用这个号码打电话');
  });
});

describe('readCsv layout', () => {
  it('gives a header-only file its header and zero rows', async () => {
    const { document, rows } = await readText('Report\r\n\r\n#,From,Body\r\n');
    expect(document.header).toEqual(['#', 'From', 'Body']);
    expect(document.preamble).toEqual(['Report', '']);
    expect(rows).toEqual([]);
    expect(document.textColumns.columns[0]?.name).toBe('Body');
  });

  it('keeps blank lines inside the data as rows, without warnings', async () => {
    const { rows, warnings } = await readText('From,Body\n1,Hola\n\n2,Adiós\n');
    expect(rows.map((row) => [row.line, row.cells])).toEqual([
      [2, ['1', 'Hola']],
      [3, ['']],
      [4, ['2', 'Adiós']],
    ]);
    expect(warnings).toEqual([]);
  });

  it('splits mixed line endings correctly instead of merging rows', async () => {
    const { rows } = await readText('From,Body\r\n1,uno\n2,dos\r3,tres\r\n');
    expect(rows.map((row) => [row.line, row.cells])).toEqual([
      [2, ['1', 'uno']],
      [3, ['2', 'dos']],
      [4, ['3', 'tres']],
    ]);
  });

  it('keeps rows with too many or too few cells and warns with the line', async () => {
    const { rows, warnings } = await readText('From,To,Body\nA,B,Hola, qué tal\nC,D\nE,F,Bien\n');
    expect(rows.map((row) => row.cells)).toEqual([
      ['A', 'B', 'Hola', ' qué tal'],
      ['C', 'D'],
      ['E', 'F', 'Bien'],
    ]);
    expect(rows[1]?.texts).toEqual([{ column: 'Body', text: '' }]);
    expect(warnings.map((warning) => [warning.code, warning.line, warning.index])).toEqual([
      ['column_count', 2, 0],
      ['column_count', 3, 1],
    ]);
    expect(warnings[0]?.message).toMatch(
      /^chats\.csv:2: row 1 has 4 cells but the header has 3; the 1 extra cell is kept/,
    );
    expect(warnings[1]?.message).toContain('missing cell reads as empty');
  });

  it('honours the delimiter, header line and no-header options', async () => {
    const piped = await readText('Title|x\nFrom|Body\nA|Hola, amigo\n', { delimiter: '|', headerLine: 2 });
    expect(piped.document.preamble).toEqual(['Title|x']);
    expect(piped.rows.map((row) => row.texts[0]?.text)).toEqual(['Hola, amigo']);

    const headerless = await readText('07700 900123,Hola que tal\n07700 900456,Muy bien gracias\n', {
      noHeader: true,
    });
    expect(headerless.document.header).toEqual(['Column 1', 'Column 2']);
    expect(headerless.document.textColumns.columns[0]?.name).toBe('Column 2');
    expect(headerless.rows.map((row) => row.line)).toEqual([1, 2]);
  });

  it('uses the requested columns, matched without regard to case', async () => {
    const { document, rows } = await readText('From,Subject,Body\nA,Asunto,Hola\n', {
      columns: ['body', ' SUBJECT '],
    });
    expect(document.textColumns.columns).toEqual([
      { name: 'Body', index: 2 },
      { name: 'Subject', index: 1 },
    ]);
    expect(rows[0]?.texts).toEqual([
      { column: 'Body', text: 'Hola' },
      { column: 'Subject', text: 'Asunto' },
    ]);
  });
});

describe('readCsv errors', () => {
  it('names the line where an unclosed quoted cell starts', async () => {
    const error = await readError('From,Body\nA,Hola\nB,"Esto no se cierra\nC,uno\nD,dos\n');
    expect(error.code).toBe('unbalanced_quote');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^chats\.csv:3: a quoted cell in the row starting here is never closed/);
  });

  it('names the right line for an unclosed quote far into the file, after the sampled rows', async () => {
    const good = Array.from({ length: 500 }, (_, index) => `${index},"línea ${index}\nsigue"`).join('\n');
    const error = await readError(`N,Body\n${good}\n777,"roto\n1,2\n`, { maxRowCharacters: 1000 });
    expect(error.code).toBe('unbalanced_quote');
    expect(error.line).toBe(2 + 500 * 2);
  });

  it.each([
    ['an empty file', new Uint8Array()],
    ['a byte-order mark alone', Uint8Array.of(0xef, 0xbb, 0xbf)],
    ['blank lines only', new TextEncoder().encode('\r\n\r\n  \r\n')],
  ])('rejects %s as empty', async (_, bytes) => {
    const error = await readError(bytes);
    expect(error.code).toBe('empty_file');
    expect(error.message).toMatch(/^chats\.csv: /);
  });

  it('rejects a workbook passed instead of a CSV', async () => {
    const error = await readError(Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0));
    expect(error.code).toBe('binary_file');
    expect(error.message).toContain('.xlsx');
  });

  it('names the available columns when a requested one does not exist', async () => {
    const error = await readError('#,From,Message\n1,A,Hola\n', { columns: ['Mesage'] });
    expect(error.code).toBe('no_such_column');
    expect(error.message).toContain('there is no column "Mesage". Did you mean "Message"?');
    expect(error.message).toContain('"#", "From", "Message"');
  });

  it('reports a file that switches encoding after the sampled start, with the line', async () => {
    const start = `From,Body\n${'A,Hello there\n'.repeat(6000)}`;
    const bytes = new Uint8Array([
      ...new TextEncoder().encode(start),
      ...encodeText('B,canción\n', 'windows-1252'),
    ]);
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    const error = await readError(bytes);
    expect(error.code).toBe('invalid_encoding');
    expect(error.line).toBe(6002);
    expect(error.message).toContain('--encoding windows-1252');
  });

  it('reports a missing file by name', async () => {
    await expect(readCsv('/nonexistent/chats.csv')).rejects.toMatchObject({
      code: 'file_not_found',
      file: '/nonexistent/chats.csv',
    });
  });
});

describe('readCsv streaming', () => {
  it('yields the first rows before the whole input has been read, and releases it on early exit', async () => {
    let pulled = 0;
    let released = false;
    const chunk = new TextEncoder().encode('A,Un mensaje corto para rellenar\n'.repeat(2000));
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        yield new TextEncoder().encode('From,Body\n');
        for (; pulled < 1000; pulled++) yield chunk;
      } finally {
        released = true;
      }
    }
    const document = await readCsv(source());
    for await (const row of document.rows) {
      if (row.index === 10) break;
    }
    expect(pulled).toBeLessThan(20);
    expect(released).toBe(true);
  });

  it('refuses a second pass over the rows instead of silently yielding nothing', async () => {
    const { document } = await readText('From,Body\nA,Hola\n');
    expect(() => document.rows[Symbol.asyncIterator]()).toThrow(ToexError);
  });

  it('reads a file from disk', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'toex-csv-'));
    try {
      const path = join(folder, 'chats.csv');
      await writeFile(path, encodeText('From,Body\r\nA,Hola\r\n', 'utf-8-bom'));
      const document = await readCsv(path);
      expect(document.file).toBe(path);
      expect((await collect(document)).map((row) => row.cells)).toEqual([['A', 'Hola']]);
    } finally {
      await rm(folder, { recursive: true });
    }
  });
});

// An independent RFC 4180 formatter, so the property does not test the reader against the writer.
function formatCsv(
  rows: readonly (readonly string[])[],
  delimiter: string,
  lineEnding: string,
  quoteAll: boolean,
): string {
  const cell = (value: string) =>
    quoteAll || /["\r\n]/.test(value) || value.includes(delimiter)
      ? `"${value.replaceAll('"', '""')}"`
      : value;
  return rows.map((row) => row.map(cell).join(delimiter) + lineEnding).join('');
}

const lineBreaks = (text: string) => text.match(/\r\n|\r|\n/g)?.length ?? 0;

describe('readCsv round trip (property)', () => {
  const encodings: TestEncoding[] = [
    'utf-8',
    'utf-8-bom',
    'utf-16le-bom',
    'utf-16be-bom',
    'utf-16le',
    'utf-16be',
    'windows-1252',
    'windows-1256',
    'gb18030',
  ];
  const characters = [
    'a',
    'b',
    'Z',
    'x',
    ' ',
    ' ',
    '0',
    '7',
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
    'á',
    '¿',
    '€',
    '…',
    'ح',
    'م',
    '،',
    '你',
    '好',
    '📦',
    '👍🏽',
    'é',
  ];

  const table = fc
    .record({
      encoding: fc.constantFrom(...encodings),
      delimiter: fc.constantFrom(',', ';', '\t'),
      lineEnding: fc.constantFrom('\r\n', '\n', '\r'),
      quoteAll: fc.boolean(),
      preamble: fc.array(fc.stringMatching(/^[A-Za-z0-9 :/.-]{0,30}$/), { maxLength: 3 }),
      header: fc.uniqueArray(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 #:]{0,11}$/), {
        minLength: 2,
        maxLength: 5,
        selector: (name) => name.trim().toLowerCase(),
      }),
      cuts: fc.array(fc.nat({ max: 4000 }), { maxLength: 6 }),
    })
    .chain((shape) => {
      const usable = characters.filter((character) =>
        [...character].every((part) => canEncode(part, shape.encoding)),
      );
      const cell = fc.string({ unit: fc.constantFrom(...usable), maxLength: 25 });
      const row = fc.array(cell, { minLength: shape.header.length, maxLength: shape.header.length });
      return fc.record({ shape: fc.constant(shape), rows: fc.array(row, { maxLength: 12 }) });
    });

  it('reads back any table in any encoding, delimiter, quoting, line ending, preamble and chunking, with the right lines', async () => {
    await fc.assert(
      fc.asyncProperty(table, async ({ shape, rows }) => {
        // Header cells are names: trimmed so the header row is not mistaken for a value row.
        const header = shape.header.map((name) => name.trim());
        const preamble = shape.preamble.map((line) => line.trim());
        const text =
          preamble.map((line) => line + shape.lineEnding).join('') +
          formatCsv([header, ...rows], shape.delimiter, shape.lineEnding, shape.quoteAll);
        const bytes = encodeText(text, shape.encoding);
        // Random characters are not language, so the legacy-encoding statistics (tested on real words in
        // detect-encoding.test.ts) are bypassed for those encodings; BOMs, UTF-8 and UTF-16 are detected.
        const legacy = shape.encoding.startsWith('windows') || shape.encoding === 'gb18030';
        const document = await readCsv(chunked(bytes, shape.cuts), {
          file: 'random.csv',
          columns: [header[0] ?? ''],
          ...(legacy ? { encoding: shape.encoding } : {}),
        });

        expect(document.encoding.name).toBe(decoderName(shape.encoding));
        expect(document.delimiter).toBe(shape.delimiter);
        expect(document.preamble).toEqual(preamble);
        expect(document.header).toEqual(header);
        const read = await collect(document);
        expect(read.map((row) => row.cells)).toEqual(rows);
        let line = preamble.length + 2;
        read.forEach((row, index) => {
          expect(row.index).toBe(index);
          expect(row.line).toBe(line);
          line += 1 + (rows[index] ?? []).reduce((sum, cell) => sum + lineBreaks(cell), 0);
        });
      }),
      { numRuns: 400 },
    );
  });
});
