import type { z } from 'zod';
import type { ContentStore } from './content-store';

/**
 * When the store file is flushed to disk with `fdatasync`.
 *
 * - `batch` (default): after every `putMany`, before it resolves; concurrent calls share one flush. A
 *   stored result then survives a power loss or OS crash; only a batch still being written can be lost.
 *   Costs one flush (about a millisecond on an SSD) per batch, small beside a provider round trip.
 * - `never`: the OS writes the data back in its own time (typically within 30 s). Still survives the
 *   process being killed (`kill -9`, a crash, Ctrl-C): the data is in the kernel once `write` returns.
 *   A power loss may lose the last seconds of results, which are then paid for again.
 */
export type ContentStoreFsync = 'batch' | 'never';

/** A line of the store file that was skipped. Loading never fails because of one. */
export interface ContentStoreWarning {
  /**
   * `torn_line`: the last line is incomplete, as when a writer was killed mid-write;
   * `corrupt_line`: a line is not a `{"k":…,"v":…}` JSON object;
   * `invalid_value`: a value fails the store's schema.
   */
  code: 'torn_line' | 'corrupt_line' | 'invalid_value';
  /** What was skipped and why; never quotes the line, which may hold case material. */
  message: string;
  /** The store file. */
  path: string;
  /** 1-based line number in the file. */
  line: number;
  /** Byte offset of the line in the file. */
  position: number;
}

/** Options of `openFileContentStore`. */
export interface FileContentStoreOptions<V> {
  /** The JSON-lines file; it and its directory are created (owner-only permissions) when missing. */
  path: string;
  /**
   * Validates each value read back; values that fail are skipped with an `invalid_value` warning
   * rather than trusted. Values are also checked before they are written. Absent: values are `unknown`
   * JSON as far as the store is concerned.
   */
  schema?: z.ZodType<V>;
  /** Flush policy; see {@link ContentStoreFsync}. Default `batch`. */
  fsync?: ContentStoreFsync;
  /** Told about every skipped line; the pipeline turns these into `warning` progress events. */
  onWarning?: (warning: ContentStoreWarning) => void;
}

/** A {@link ContentStore} kept in a JSON-lines file; see `openFileContentStore`. */
export interface FileContentStore<V> extends ContentStore<V> {
  /** The store file. */
  readonly path: string;
  /** Lines skipped so far (torn, corrupt or invalid); each was reported to `onWarning`. */
  readonly skippedLines: number;
}
