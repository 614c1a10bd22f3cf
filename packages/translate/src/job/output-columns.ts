import type { PipelineOutputRow } from '../pipeline/translate-rows';
import type { SourceRow } from '../readers/source-row';
import type { OutputRow } from '../writers/output-row';

/** Name of the status column added to every output row. */
export const statusColumn = 'toex_status';

/**
 * The columns a translation adds, a contract scripts rely on: for each text column `<col>`, one
 * `<col>_<to>` per target language and `<col>_lang` (the source language), then `toex_status`.
 */
export function outputColumns(textColumns: readonly string[], to: readonly string[]): string[] {
  return [
    ...textColumns.flatMap((column) => [...to.map((target) => `${column}_${target}`), `${column}_lang`]),
    statusColumn,
  ];
}

/**
 * The added cells of one translated row, in the order of {@link outputColumns}, then the row's
 * trailing cells (see `InputDocument.trailingColumns`).
 */
export function toOutputRow(row: PipelineOutputRow<SourceRow>, to: readonly string[]): OutputRow {
  const added: string[] = [];
  for (const text of row.texts) {
    for (const target of to) added.push(text.translations[target] ?? '');
    added.push(text.language ?? '');
  }
  added.push(row.status);
  // Chat exports' `source` reference comes after the status: the column order is a contract.
  if (row.row.trailingCells !== undefined) added.push(...row.row.trailingCells);
  return { source: row.row, added };
}
