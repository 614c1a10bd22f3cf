import { fileURLToPath } from 'node:url';
import { InputError } from '@toex/core';
import { describe, expect, it } from 'vitest';
import { inputFormatFromPath, readInput } from './read-input';

const fixture = (name: string) => fileURLToPath(new URL(`../__fixtures__/${name}`, import.meta.url));

describe('readInput', () => {
  it.each([
    ['cellebrite-chats-utf16le.csv', 'csv', 'Body'],
    ['whatsapp-chat.txt', 'text', 'text'],
    ['chat-export.jsonl', 'jsonl', 'message.text'],
  ])('opens %s as %s from its extension', async (name, format, column) => {
    const document = await readInput(fixture(name));
    expect(document.format).toBe(format);
    expect(document.textColumns.columns[0]?.name).toBe(column);
    await document.close();
  });

  it('reads a stream in the format given', async () => {
    const document = await readInput(new TextEncoder().encode('hola\nadiós\n'), { format: 'text' });
    expect(document.file).toBeUndefined();
    const texts: string[] = [];
    for await (const row of document.rows) texts.push(row.texts[0]?.text ?? '');
    expect(texts).toEqual(['hola', 'adiós']);
  });

  it('asks for the format when the extension does not tell, with advice for old .xls workbooks', async () => {
    const error = await readInput('export.xls').catch((caught: unknown) => caught);
    expect(InputError.isInstance(error) && error.code).toBe('unknown_format');
    expect((error as Error).message).toContain('save the file as .xlsx');
  });

  it('maps extensions to formats', () => {
    expect(inputFormatFromPath('A.TSV')).toBe('csv');
    expect(inputFormatFromPath('chat.ndjson')).toBe('jsonl');
    expect(inputFormatFromPath('result.json')).toBeUndefined();
    expect(inputFormatFromPath('Report.XLSX')).toBe('xlsx');
  });
});
