// CSV writing shared by the exports (RFC 4180 quoting). Internal.

const needsQuoting = /[",\r\n]/;
const formulaStart = /^[=+\-@\t\r]/;

/**
 * One CSV field: quoted when it holds a comma, quote or line break. With `protectFormulas`, text that a
 * spreadsheet would run as a formula (`=HYPERLINK(...)` in a case reference) is prefixed with `'`.
 */
export function csvField(value: string | number | null | undefined, protectFormulas = false): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (protectFormulas && typeof value === 'string' && formulaStart.test(text)) text = `'${text}`;
  return needsQuoting.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Joins fields into one line ending in `\n`. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.join(',')}\n`;
}
