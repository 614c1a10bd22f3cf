import type { SkipReason } from './skip';

/** Why a text was not translated and cost nothing. `target-language`: it already reads in the target language. */
export type TextSkipReason = SkipReason | 'target-language';

/**
 * The outcome of one row, written to the `toex_status` column: `ok`, `skipped:<reason>` when no text
 * in the row needed translating, or `failed:<code>` when any text in it could not be translated (the
 * code is the error's, e.g. `failed:http_400`, `failed:budget_exceeded`).
 */
export type RowStatus = 'ok' | `skipped:${TextSkipReason}` | `failed:${string}`;

/** The outcome of one text cell. */
export type CellOutcome =
  | { kind: 'translated' }
  | { kind: 'skipped'; reason: TextSkipReason }
  | { kind: 'failed'; code: string; message: string };

/**
 * Combines the cells of a row: any failure fails the row (so it is never mistaken for done), else any
 * translation makes it `ok`, else it is skipped for the first cell's reason.
 */
export function rowStatus(outcomes: readonly CellOutcome[]): RowStatus {
  const failed = outcomes.find((outcome) => outcome.kind === 'failed');
  if (failed !== undefined) return `failed:${failed.code}`;
  if (outcomes.some((outcome) => outcome.kind === 'translated')) return 'ok';
  const skipped = outcomes.find((outcome) => outcome.kind === 'skipped');
  return skipped === undefined ? 'skipped:empty' : `skipped:${skipped.reason}`;
}
