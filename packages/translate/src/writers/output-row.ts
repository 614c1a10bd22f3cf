import type { Writable } from 'node:stream';
import type { SourceRow } from '../readers/source-row';

/** One row to write: the row as read, plus the cells the job adds to it (translations, notes…). */
export interface OutputRow {
  source: SourceRow;
  /** Added cells in the order of the writer's `addedColumns`. Missing entries are written empty. */
  added: readonly string[];
}

/**
 * The rows a writer takes, in order: one at a time, or in batches (arrays) as a pipeline releases them,
 * which spares a step of asynchronous iteration per row.
 */
export type OutputRows =
  | AsyncIterable<OutputRow | readonly OutputRow[]>
  | Iterable<OutputRow | readonly OutputRow[]>;

/**
 * Where a writer writes. A path is written as `<path>.partial` (readable by its owner only: outputs hold
 * case material), hashed as it is written, and renamed to `<path>` only once every row is written and
 * synced to disk, so a failed or killed job never leaves a file that looks complete. A
 * stream (e.g. `process.stdout`) is written as rows come, is not ended, and cannot be taken back on failure.
 */
export type OutputDestination = string | Writable;

/** Options every writer takes. */
export interface WriterOptions {
  destination: OutputDestination;
  /**
   * Called with every chunk of bytes exactly as written, in order (byte-order mark included), e.g. to hash
   * the output for the manifest while it is written.
   */
  onChunk?: (chunk: Uint8Array) => void;
  /** Stops writing between rows: a file destination is removed and `ToexAbortError` thrown. */
  signal?: AbortSignal;
}

/** What a writer wrote. */
export interface WriteResult {
  /** The final path, for file destinations. */
  path?: string;
  /** Bytes written, byte-order mark included. */
  bytes: number;
  /** Lower-case hex SHA-256 of the file's bytes (matches `sha256sum`), for file destinations. */
  sha256?: string;
  /** Data rows written (preamble and header not counted). */
  rows: number;
}
