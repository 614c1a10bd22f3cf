import { InputError } from '@toex/core';
import { describe, expect, it } from 'vitest';
import { detectCsvLayout } from './detect-csv-layout';
import { looksLikeColumnNames } from './find-header-row';

const detect = (text: string, options: Partial<Parameters<typeof detectCsvLayout>[1]> = {}) =>
  detectCsvLayout(text, { complete: true, ...options });

describe('detectCsvLayout', () => {
  it('finds the header under a Cellebrite-style preamble with a comma and a blank line in it', () => {
    const text = [
      'Cellebrite Reader Report',
      'Extraction: Advanced Logical, Apple iPhone 12',
      '',
      '#,From,To,Body,Timestamp: Date',
      '1,Carlos,Lucía,"Hola, ¿qué tal?",12/03/2023',
      '2,Lucía,Carlos,Bien,12/03/2023',
    ].join('\r\n');
    const layout = detect(text);
    expect(layout).toMatchObject({
      delimiter: ',',
      startLine: 4,
      header: ['#', 'From', 'To', 'Body', 'Timestamp: Date'],
    });
    expect(layout.preamble).toEqual([
      'Cellebrite Reader Report',
      'Extraction: Advanced Logical, Apple iPhone 12',
      '',
    ]);
    expect(text.slice(layout.startOffset).startsWith('#,From')).toBe(true);
    expect(layout.description).toContain('3 preamble lines');
  });

  it('picks semicolons even when every message holds unquoted commas', () => {
    const text =
      'Hora;De;Texto\n09:15;Ana;Hola, ¿qué tal, bien?\n09:16;Luis;Sí, claro\n09:17;Ana;Vale, luego, hablamos\n';
    expect(detect(text).delimiter).toBe(';');
  });

  it('picks semicolons when unquoted cells hold tabs that would form a wider table (fast-check seed 996990961)', () => {
    // Read with tabs, the row "a<TAB><TAB>;a" becomes a three-column "header" ("a", "", ";a") above one
    // matching row, which explains more delimiters than the two-column semicolon table; but its empty
    // cell names nothing, and the semicolon header names both its columns.
    const text = '/:---gr: 7\r\nJVr:2:a q\r\n..-KV.q /:\r\nAk pM m:#:;Q0p:\r\na\t\t;a\r\n\t;\t\r\n';
    const layout = detect(text);
    expect(layout).toMatchObject({ delimiter: ';', header: ['Ak pM m:#:', 'Q0p:'], startLine: 4 });
    expect(layout.preamble).toEqual(['/:---gr: 7', 'JVr:2:a q', '..-KV.q /:']);
  });

  it('picks tabs for an Excel "Unicode text" export', () => {
    expect(detect('Time\tFrom\tMessage\n10:00\tAna\tHola; qué tal, bien\n').delimiter).toBe('\t');
  });

  it('ignores delimiters inside quoted multi-line cells', () => {
    const text = 'From,Body\nAna,"uno;dos;tres\ncuatro;cinco"\nLuis,"a;b;c;d"\n';
    const layout = detect(text);
    expect(layout.delimiter).toBe(',');
    expect(layout.startLine).toBe(1);
  });

  it('finds the header of a header-only file below a multi-line title', () => {
    const layout = detect('Cellebrite Reader Report\nCase: 2024/0193\n#,From,Body\n');
    expect(layout.header).toEqual(['#', 'From', 'Body']);
    expect(layout.preamble).toEqual(['Cellebrite Reader Report', 'Case: 2024/0193']);
  });

  it('leaves out a record cut by the end of the head', () => {
    const layout = detect('From,Body\nAna,"cortado por el final', { complete: false });
    expect(layout.header).toEqual(['From', 'Body']);
  });

  it('takes the given header line and reports one that starts no row', () => {
    expect(detect('a,b\nFrom,Body\nAna,Hola\n', { headerLine: 2 }).preamble).toEqual(['a,b']);
    try {
      detect('From,Body\nAna,"dos\nlíneas"\n', { headerLine: 9, file: 'x.csv' });
      expect.unreachable();
    } catch (error) {
      expect(InputError.isInstance(error) && error.code).toBe('no_header');
      expect((error as Error).message).toMatch(/^x\.csv:9: no row starts on this line/);
    }
  });

  it('says so when no row looks like a header', () => {
    expect(() => detect('1,07700 900123,12:00\n2,07700 900456,12:05\n')).toThrow(/no header row found/);
  });
});

describe('looksLikeColumnNames', () => {
  it.each([[['#', 'Chat #', 'Body', 'Timestamp: Date']], [['', 'Body', 'From']], [['序号', '消息内容']]])(
    'accepts %j',
    (cells) => expect(looksLikeColumnNames(cells)).toBe(true),
  );

  it.each([
    [['1', '07700 900123', '12/03/2023 14:05']],
    [['Body', 'Body']],
    [['\t', '"']],
    [['', '', 'Body']],
  ])('rejects %j', (cells) => expect(looksLikeColumnNames(cells)).toBe(false));
});
