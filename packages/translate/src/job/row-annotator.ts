import type { JsonValue } from '@toex/core';
import type { PipelineOutputRow } from '../pipeline/translate-rows';
import type { SourceRow } from '../readers/source-row';

/** A translated row as an annotator sees it: the row as read, each text with its translations, and its status. */
export type AnnotatedRow = PipelineOutputRow<SourceRow>;

/**
 * Adds columns to every translated row as it is written, in the same streaming pass: another
 * capability's work on the source and its translation (the CLI's `toex translate --entities` adds
 * entity findings this way) without translate knowing what it is. The added columns come after the
 * translation, status and trailing columns, so the columns a translation writes keep their places.
 */
export interface TranslatedRowAnnotator {
  /** Names of the added columns, e.g. `['entities', 'keyword_hits']`. */
  readonly columns: readonly string[];
  /**
   * The added cells of each row of a batch, in the order of {@link columns}, one array per row.
   * Called once per batch, batches in input order, before the batch is written; a rejection fails the job
   * (no output is left behind).
   */
  annotate(
    rows: readonly AnnotatedRow[],
  ): ReadonlyArray<readonly string[]> | Promise<ReadonlyArray<readonly string[]>>;
  /**
   * What the annotator did, asked once when every row is written: `settings` is recorded in the
   * manifest's settings under `name`, and `counts` are added to the manifest's counts (names must not
   * clash with translation counts such as `rows`).
   */
  summary?(): TranslatedRowAnnotatorSummary;
}

/** What a {@link TranslatedRowAnnotator} reports for the manifest. */
export interface TranslatedRowAnnotatorSummary {
  /** Key under the manifest's `settings`, e.g. `entities`. */
  name: string;
  /** What it was asked to do, enough to run it again (plain JSON). Absent: none recorded. */
  settings?: JsonValue;
  /** Named whole-number counts, e.g. `{ entityFindings: 12 }`. Absent: none. */
  counts?: Record<string, number>;
}
