import { fileURLToPath } from 'node:url';
import { InputError } from '@toex/core';
import { describe, expect, it } from 'vitest';
import { readJsonl } from './jsonl-reader';
import type { ReaderWarning, SourceRow } from './source-row';

async function read(text: string, options: Parameters<typeof readJsonl>[1] = {}) {
  const warnings: ReaderWarning[] = [];
  const document = await readJsonl(new TextEncoder().encode(text), {
    file: 'chat.jsonl',
    onWarning: (warning) => warnings.push(warning),
    ...options,
  });
  const rows: SourceRow[] = [];
  for await (const row of document.rows) rows.push(row);
  return { document, rows, warnings };
}

describe('readJsonl', () => {
  it('reads a chat export, choosing the nested text field and joining formatted text', async () => {
    const warnings: ReaderWarning[] = [];
    const document = await readJsonl(
      fileURLToPath(new URL('../__fixtures__/chat-export.jsonl', import.meta.url)),
      {
        onWarning: (warning) => warnings.push(warning),
      },
    );
    expect(document.header).toEqual(['message.text']);
    expect(document.textColumns.reason).toContain('field "message.text"');
    const rows: SourceRow[] = [];
    for await (const row of document.rows) rows.push(row);
    expect(rows.map((row) => row.texts[0]?.text)).toEqual([
      'Buenos días, ¿tienes lo mío?',
      'Sí, a las doce en el parque',
      '',
      'No traigas el coche 🚗',
    ]);
    expect(rows[2]?.record).toEqual({
      id: 3,
      date: '2024-02-01T10:03:40',
      from: 'Carlos',
      message: { photo: 'photos/photo_3.jpg' },
    });
    expect(warnings.map((warning) => [warning.code, warning.line])).toEqual([['missing_field', 3]]);
    expect(warnings[0]?.message).toMatch(
      /chat-export\.jsonl:3: record 3 has no field "message\.text"; it is kept with empty text/,
    );
  });

  it('uses the requested fields, skipping blank lines but keeping line numbers', async () => {
    const { rows } = await read('{"a":{"b":"uno"},"n":1}\n\n{"a":{"b":null},"n":2}\n{"a":{"b":3},"n":3}\n', {
      fields: ['a.b'],
    });
    expect(rows.map((row) => [row.index, row.line, row.cells])).toEqual([
      [0, 1, ['uno']],
      [1, 3, ['']],
      [2, 4, ['3']],
    ]);
  });

  it('names the line of invalid JSON', async () => {
    const error = await read('{"text":"hola"}\n{"text": "adiós"\n').catch((caught: unknown) => caught);
    expect(InputError.isInstance(error) && error.code).toBe('invalid_json');
    expect((error as InputError).line).toBe(2);
    expect((error as Error).message).toMatch(/^chat\.jsonl:2: this line is not valid JSON/);
  });

  it('rejects a field that no sampled record has, listing the text fields found', async () => {
    const error = await read('{"message":{"text":"hola"}}\n', { fields: ['mesage.text'] }).catch(
      (caught: unknown) => caught,
    );
    expect(InputError.isInstance(error) && error.code).toBe('no_such_column');
    expect((error as Error).message).toContain('Text fields found: "message.text"');
  });

  it('rejects a file with no records', async () => {
    const error = await read('\n\n').catch((caught: unknown) => caught);
    expect(InputError.isInstance(error) && error.code).toBe('empty_file');
  });
});
