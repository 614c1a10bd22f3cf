/** A cell: text, or a number shown with the given decimals. */
export type TableCell = string | number;

/** Formats a number with thousands separators and a fixed number of decimals. */
export function formatNumber(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return '–';
  return value.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Formats a fraction as a percentage, e.g. `0.953` → `95.3%`. */
export function formatPercent(fraction: number, decimals = 1): string {
  return Number.isFinite(fraction) ? `${formatNumber(fraction * 100, decimals)}%` : '–';
}

/**
 * Renders a plain-text table, numbers right-aligned and text left-aligned, with a title line. Markdown
 * pipe syntax, so the output can be pasted into an issue or the README as it is.
 */
export function renderTable(
  title: string,
  header: readonly string[],
  rows: ReadonlyArray<readonly TableCell[]>,
): string {
  const text = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell)));
  const widths = header.map((name, column) =>
    Math.max(name.length, ...text.map((row) => (row[column] ?? '').length)),
  );
  const numeric = header.map((_, column) =>
    rows.every(
      (row) => typeof row[column] === 'number' || /^[-+]?[\d,.]+(%|×| s| MB)?$|^–$/.test(String(row[column])),
    ),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => (numeric[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (numeric[column] ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [`\n### ${title}\n`, line(header), rule, ...text.map(line)].join('\n');
}
