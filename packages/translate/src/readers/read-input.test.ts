import { fileURLToPath } from 'node:url';
import { InputError } from '@toex/core';
import { describe, expect, it } from 'vitest';
import { detectChatFormat } from './detect-input-format';
import { inputFormatFromPath, readInput } from './read-input';

const fixture = (name: string) => fileURLToPath(new URL(`../__fixtures__/${name}`, import.meta.url));

describe('readInput', () => {
  it.each([
    ['cellebrite-chats-utf16le.csv', 'csv', 'Body'],
    ['chat-export.jsonl', 'jsonl', 'message.text'],
  ])('opens %s as %s from its extension', async (name, format, column) => {
    const document = await readInput(fixture(name));
    expect(document.format).toBe(format);
    expect(document.textColumns.columns[0]?.name).toBe(column);
    await document.close();
  });

  it('recognises a WhatsApp export from its content, not its .txt extension, and says so', async () => {
    const document = await readInput(fixture('whatsapp-chat.txt'));
    expect(document.format).toBe('whatsapp');
    expect(document.layout).toMatch(
      /^WhatsApp export, recognised from the content: line 1 starts with a WhatsApp date stamp; /,
    );
    await document.close();
  });

  it('does not take a tab-separated export whose first column is a date for a WhatsApp chat', async () => {
    const tsv = new TextEncoder().encode('12/03/2023 14:05\tAna\thola\n12/03/2023 14:06\tBen\tadiós\n');
    expect(detectChatFormat(tsv)).toBeUndefined();
    expect(detectChatFormat(new TextEncoder().encode('12/03/2023 14:05 - Ana: hola\n'))?.format).toBe(
      'whatsapp',
    );
  });

  it('reads a WhatsApp export as plain lines when --input-format text asks', async () => {
    const document = await readInput(fixture('whatsapp-chat.txt'), { format: 'text' });
    expect(document.format).toBe('text');
    await document.close();
  });

  it('recognises a chat export in a stream with no name, reading on from the sniffed bytes', async () => {
    async function* chunks() {
      yield new TextEncoder().encode('[3/14/24, 9:27:01\u202FAM] Ana: hola\n');
      yield new TextEncoder().encode('[3/14/24, 9:28:00\u202FAM] Ben: adiós\n');
    }
    const document = await readInput(chunks());
    expect(document.format).toBe('whatsapp');
    const texts: string[] = [];
    for await (const row of document.rows) texts.push(row.texts[0]?.text ?? '');
    expect(texts).toEqual(['hola', 'adiós']);
  });

  it('reads what --input-format xlsx names as a workbook, and says clearly when it is not one', async () => {
    const error = await readInput(new Uint8Array([0x50, 0x4b, 3, 4]), { format: 'xlsx' }).catch(
      (caught: unknown) => caught,
    );
    expect(InputError.isInstance(error) && error.code).toBe('invalid_xlsx');
    expect((error as Error).message).toContain('not a readable Excel workbook');
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
