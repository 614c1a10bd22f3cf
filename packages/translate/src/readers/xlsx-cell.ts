/**
 * A cell value as exceljs reads it: text, a number, a boolean, a date, rich text, a formula with its
 * cached result, a hyperlink, an error, or nothing.
 */
export type XlsxCellValue = unknown;

/** One row of a sheet as read, kept so the writer can reproduce it exactly. */
export interface XlsxRowValues {
  /** 1-based row number in the sheet. Rows absent from the file (empty) have no entry. */
  rowNumber: number;
  /** Cell values by 0-based column (column A is 0). Holes are empty cells. */
  values: XlsxCellValue[];
  /** Number formats by 0-based column (dates, percentages…), where the cell has one other than General. */
  numberFormats: Array<string | undefined>;
}

/**
 * The text a cell shows, for finding the header, choosing the text column and translating: strings and
 * rich text as written, numbers and booleans as their digits and words, dates as ISO 8601, formulas by
 * their cached result, hyperlinks by their text, errors and empty cells as ''.
 */
export function cellText(value: XlsxCellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.richText)) {
      return object.richText
        .map((run: { text?: unknown }) => (typeof run.text === 'string' ? run.text : ''))
        .join('');
    }
    if ('formula' in object || 'sharedFormula' in object) return cellText(object.result);
    if ('text' in object) return cellText(object.text);
  }
  return '';
}

/**
 * True when the cell holds text a person wrote (a string or rich text), so it is sent for translation.
 * Numbers, dates, booleans and formula results are data, never translated.
 */
export function isTextCell(value: XlsxCellValue): boolean {
  return (
    typeof value === 'string' ||
    (typeof value === 'object' && value !== null && Array.isArray((value as { richText?: unknown }).richText))
  );
}
