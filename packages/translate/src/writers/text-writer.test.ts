import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readText } from '../readers/text-reader';
import type { OutputRow } from './output-row';
import { writeText } from './text-writer';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'toex-text-writer-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('writeText', () => {
  it('writes one translation per input line, empty lines included, so the files line up', async () => {
    const document = await readText(new TextEncoder().encode('Hola\n\nAdiós\n'));
    async function* translated(): AsyncGenerator<OutputRow> {
      for await (const row of document.rows)
        yield { source: row, added: [row.texts[0]?.text === '' ? '' : `EN ${row.texts[0]?.text}`] };
    }
    const path = join(folder, 'out.txt');
    const result = await writeText(translated(), { destination: path });
    expect(await readFile(path, 'utf8')).toBe('EN Hola\r\n\r\nEN Adiós\r\n');
    expect(result).toMatchObject({ rows: 3, joinedRows: 0 });
  });

  it('joins line breaks inside a translation with spaces and counts them', async () => {
    const path = join(folder, 'out.txt');
    const source = { index: 0, line: 1, cells: ['x'], texts: [] };
    const result = await writeText([{ source, added: ['es', 'one\r\ntwo\nthree'] }], {
      destination: path,
      column: 1,
      lineEnding: '\n',
    });
    expect(await readFile(path, 'utf8')).toBe('one two three\n');
    expect(result.joinedRows).toBe(1);
  });
});
