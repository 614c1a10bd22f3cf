import { fileURLToPath } from 'node:url';
import { InputError } from '@toex/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunked, encodeText, type TestEncoding } from '../__fixtures__/encode-text';
import type { SourceRow } from './source-row';
import { readText } from './text-reader';

async function lines(source: Parameters<typeof readText>[0], options: Parameters<typeof readText>[1] = {}) {
  const rows: SourceRow[] = [];
  for await (const row of (await readText(source, options)).rows) rows.push(row);
  return rows;
}

describe('readText', () => {
  it('reads a WhatsApp chat export one row per line, keeping empty lines for alignment', async () => {
    const rows = await lines(fileURLToPath(new URL('../__fixtures__/whatsapp-chat.txt', import.meta.url)));
    expect(rows).toHaveLength(7);
    expect(rows[3]).toEqual({
      index: 3,
      line: 4,
      cells: ['pero no en mi casa'],
      texts: [{ column: 'text', text: 'pero no en mi casa' }],
    });
    expect(rows[4]?.texts[0]?.text).toBe('');
  });

  it('does not add an empty row for the final line ending, but keeps a last line without one', async () => {
    expect((await lines(new TextEncoder().encode('uno\ndos\n'))).map((row) => row.cells[0])).toEqual([
      'uno',
      'dos',
    ]);
    expect((await lines(new TextEncoder().encode('uno\r\ndos'))).map((row) => row.cells[0])).toEqual([
      'uno',
      'dos',
    ]);
    expect((await lines(new TextEncoder().encode('\n'))).map((row) => row.cells[0])).toEqual(['']);
  });

  it('rejects an empty file', async () => {
    await expect(readText(new Uint8Array(), { file: 'notes.txt' })).rejects.toSatisfy(
      (error) =>
        InputError.isInstance(error) &&
        error.code === 'empty_file' &&
        error.message.startsWith('notes.txt: '),
    );
  });

  it('reads back any lines in any encoding, line ending and chunking, in order and numbered', async () => {
    const encodings: TestEncoding[] = ['utf-8', 'utf-8-bom', 'utf-16le-bom', 'utf-16be-bom'];
    const line = fc.string({
      unit: fc.constantFrom('a', 'ñ', ' ', '€', '📦', 'م', '你', '"', ',', '\t'),
      maxLength: 20,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 20 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.constantFrom(...encodings),
        fc.array(fc.nat({ max: 600 }), { maxLength: 8 }),
        async (texts, lineEnding, finalLineEnding, encoding, cuts) => {
          const text = texts.join(lineEnding) + (finalLineEnding ? lineEnding : '');
          // A file holding only a line ending that is not final would be empty: skip that degenerate case.
          fc.pre(text !== '');
          // A line ending at the very end never starts another line: ['a', ''] without a final ending is 'a\n'.
          const expected = !finalLineEnding && texts.at(-1) === '' ? texts.slice(0, -1) : texts;
          const rows = await lines(chunked(encodeText(text, encoding), cuts));
          expect(rows.map((row) => row.cells[0])).toEqual(expected);
          expect(rows.map((row) => row.line)).toEqual(expected.map((_, index) => index + 1));
        },
      ),
      { numRuns: 300 },
    );
  });
});
