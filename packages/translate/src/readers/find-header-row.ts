import { isBlankRecord } from './split-csv-records';

/**
 * Finds the header row among the first records of a CSV file, skipping any preamble above it (report
 * title, case number, extraction details, blank lines — Cellebrite and Excel exports put one or more such
 * lines above the header).
 *
 * The table's width is the dominant cell count of the records with two or more cells (ties go to the
 * wider count); one-cell lines are titles and blank lines, and only decide the width when every line has
 * one cell. The header is the first record of that width whose cells look like column names
 * ({@link looksLikeColumnNames}); failing that (a few ragged rows can outvote the header in a short file),
 * the name-like record whose width is closest to it. Returns its position in `records`, or `undefined`.
 */
export function findHeaderRow(records: ReadonlyArray<{ cells: readonly string[] }>): number | undefined {
  const width = tableWidth(records);
  const minimum = width >= 2 ? 2 : 1;
  let best: { index: number; distance: number } | undefined;
  for (let index = 0; index < records.length; index++) {
    const record = records[index];
    if (record === undefined || isBlankRecord(record) || record.cells.length < minimum) continue;
    if (!looksLikeColumnNames(record.cells)) continue;
    const distance = Math.abs(record.cells.length - width);
    if (distance === 0) return index;
    if (best === undefined || distance < best.distance) best = { index, distance };
  }
  return best?.index;
}

/** The dominant cell count of the records with two or more cells, or 1 when there are none. */
export function tableWidth(records: ReadonlyArray<{ cells: readonly string[] }>): number {
  const tally = new Map<number, number>();
  for (const record of records) {
    if (record.cells.length >= 2) tally.set(record.cells.length, (tally.get(record.cells.length) ?? 0) + 1);
  }
  let width = 1;
  let seen = 0;
  for (const [count, times] of tally) {
    if (times > seen || (times === seen && count > width)) {
      width = count;
      seen = times;
    }
  }
  return width;
}

/**
 * True when cells read as column names: short single-line labels, at least half of them containing a
 * letter, the rest short markers such as `#` (Cellebrite's first column); not numbers, dates, phone numbers
 * or stray quotes; and not repeating. One empty cell is allowed (spreadsheet exports often leave the first
 * header cell empty).
 */
export function looksLikeColumnNames(cells: readonly string[]): boolean {
  const names = cells.map((cell) => cell.trim()).filter((cell) => cell !== '');
  if (names.length === 0 || cells.length - names.length > 1) return false;
  const withLetters = names.filter((name) => /\p{L}/u.test(name));
  const nameLike = names.filter(
    (name) =>
      name.length <= 100 && !/[\r\n]/.test(name) && (/\p{L}/u.test(name) || /^[#№*]{1,3}$/u.test(name)),
  );
  const distinct = new Set(names.map((name) => name.toLowerCase())).size;
  return (
    withLetters.length * 2 >= names.length &&
    nameLike.length >= names.length * 0.8 &&
    distinct >= names.length * 0.8
  );
}
