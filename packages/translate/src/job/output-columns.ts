import type { PipelineOutputRow } from '../pipeline/translate-rows';
import { flagsColumn } from '../quality/quality-flag';
import type { SourceRow } from '../readers/source-row';
import type { OutputRow } from '../writers/output-row';

/** Name of the status column added to every output row. */
export const statusColumn = 'toex_status';

/**
 * The columns a translation adds, a contract scripts rely on: for each text column `<col>`, one
 * `<col>_<to>` per target language and `<col>_lang` (the source language), then `toex_status`, then the
 * reader's trailing columns (a chat export's `source`), then `toex_flags` (the row's quality flags,
 * last so that every column before it keeps the place it had before flags existed). With a second
 * opinion, `<col>_<to>_second` follows each `<col>_<to>`.
 */
export function outputColumns(
  textColumns: readonly string[],
  to: readonly string[],
  options: { trailingColumns?: readonly string[]; secondOpinion?: boolean } = {},
): string[] {
  return [
    ...textColumns.flatMap((column) => [
      ...to.flatMap((target) =>
        options.secondOpinion === true
          ? [`${column}_${target}`, `${column}_${target}_second`]
          : [`${column}_${target}`],
      ),
      `${column}_lang`,
    ]),
    statusColumn,
    ...(options.trailingColumns ?? []),
    flagsColumn,
  ];
}

/**
 * The added cells of one translated row, in the order of {@link outputColumns}: translations (each
 * followed by the second opinion's when there is one), source language, status, the row's trailing
 * cells (see `InputDocument.trailingColumns`), then `flags` (the `toex_flags` cell).
 */
export function toOutputRow(
  row: PipelineOutputRow<SourceRow>,
  to: readonly string[],
  flags: string,
  secondOpinion?: ReadonlyArray<Record<string, string> | undefined>,
): OutputRow {
  const added: string[] = [];
  row.texts.forEach((text, index) => {
    for (const target of to) {
      added.push(text.translations[target] ?? '');
      if (secondOpinion !== undefined) added.push(secondOpinion[index]?.[target] ?? '');
    }
    added.push(text.language ?? '');
  });
  added.push(row.status);
  // Chat exports' `source` reference comes after the status: the column order is a contract.
  if (row.row.trailingCells !== undefined) added.push(...row.row.trailingCells);
  added.push(flags);
  return { source: row.row, added };
}
