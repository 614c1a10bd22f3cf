import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@toex/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJsonl } from '../readers/jsonl-reader';
import type { SourceRow } from '../readers/source-row';
import { writeJsonl } from './jsonl-writer';
import type { OutputRow } from './output-row';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'toex-jsonl-writer-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const lines = async (path: string) => (await readFile(path, 'utf8')).split('\n');

describe('writeJsonl', () => {
  it('adds the translations to each JSONL record and reads back in order', async () => {
    const input = '{"id":1,"message":{"text":"Hola"}}\n{"id":2,"message":{"text":"Adiós =)"}}\n';
    const document = await readJsonl(new TextEncoder().encode(input), { fields: ['message.text'] });
    async function* translated(): AsyncGenerator<OutputRow> {
      for await (const row of document.rows) yield { source: row, added: [`EN:${row.texts[0]?.text}`] };
    }
    const path = join(folder, 'out.jsonl');
    const result = await writeJsonl(translated(), { destination: path, addedColumns: ['message.text (en)'] });
    expect(result.rows).toBe(2);
    expect(await lines(path)).toEqual([
      '{"id":1,"message":{"text":"Hola"},"translations":{"message.text (en)":"EN:Hola"}}',
      '{"id":2,"message":{"text":"Adiós =)"},"translations":{"message.text (en)":"EN:Adiós =)"}}',
      '',
    ]);
    const back = await readJsonl(path, { fields: ['message.text'] });
    const texts: string[] = [];
    for await (const row of back.rows) texts.push(row.texts[0]?.text ?? '');
    expect(texts).toEqual(['Hola', 'Adiós =)']);
  });

  it('turns CSV or text rows into objects keyed by header, numbering duplicate names', async () => {
    const path = join(folder, 'out.jsonl');
    const source: SourceRow = { index: 0, line: 2, cells: ['Ana', 'Hola', 'x', 'extra'], texts: [] };
    await writeJsonl([{ source, added: ['Hello'] }], {
      destination: path,
      header: ['From', 'Body', 'Body'],
      addedColumns: ['en'],
    });
    expect(JSON.parse((await lines(path))[0] ?? '')).toEqual({
      From: 'Ana',
      Body: 'Hola',
      'Body (2)': 'x',
      'Column 4': 'extra',
      translations: { en: 'Hello' },
    });
  });

  it('wraps records that are not objects, and refuses to overwrite an existing key', async () => {
    const path = join(folder, 'out.jsonl');
    await writeJsonl(
      [{ source: { index: 0, line: 1, cells: ['hola'], texts: [], record: 'hola' }, added: ['hello'] }],
      {
        destination: path,
        addedColumns: ['en'],
      },
    );
    expect(JSON.parse((await lines(path))[0] ?? '')).toEqual({
      value: 'hola',
      translations: { en: 'hello' },
    });

    const clash = { index: 0, line: 7, cells: [], texts: [], record: { translations: 'mine' } };
    await expect(
      writeJsonl([{ source: clash, added: ['x'] }], { destination: path, addedColumns: ['en'] }),
    ).rejects.toSatisfy(
      (error) =>
        ConfigurationError.isInstance(error) &&
        error.code === 'output_key_exists' &&
        error.message.includes('line 7'),
    );
    // The earlier, complete file is untouched and no partial file is left.
    expect(await readdir(folder)).toEqual(['out.jsonl']);
  });
});
