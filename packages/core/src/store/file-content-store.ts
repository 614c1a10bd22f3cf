import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ContentStoreError } from './content-store-error';
import type { FileContentStore, FileContentStoreOptions } from './file-content-store-options';
import { JsonLinesContentStore } from './json-lines-content-store';
import { storeIoError } from './store-errors';

/**
 * Opens (or creates) a crash-safe, append-only content store in a JSON-lines file: one
 * `{"k":key,"v":value}` per line.
 *
 * - Each `putMany` is appended with a single write of whole lines through an `O_APPEND` handle, so
 *   several writers, in this process or others, can share one file without interleaving lines.
 * - On open, every complete line is indexed. A torn last line (a writer killed mid-write) or a corrupt
 *   line is skipped and reported to `onWarning`, never fatal, and nothing around it is lost; the next
 *   append starts on a fresh line. Later lines win for duplicate keys.
 * - Memory stays flat as values grow: only an index (key → byte range) is held; `getMany` reads the
 *   values from the file, usually one read per batch because a batch's lines are adjacent. The index
 *   holds a fingerprint of each key rather than the key, in typed arrays outside the V8 heap: about
 *   25 bytes per key, so millions of keys cost tens of megabytes. Any string can be a key;
 *   `contentKey` keys (lower-case hex) need no further hashing.
 * - Lines appended by other writers are picked up when this instance looks for a key it lacks.
 *
 * Durability: see `ContentStoreFsync`.
 */
export async function openFileContentStore<V = unknown>(
  options: FileContentStoreOptions<V>,
): Promise<FileContentStore<V>> {
  const { path } = options;
  let handle: FileHandle;
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    // `a+`: O_APPEND for writes (atomic appends), positioned reads for lookups, created when missing.
    handle = await open(path, 'a+', 0o600);
  } catch (error) {
    throw storeIoError(path, 'open', error);
  }
  const store = new JsonLinesContentStore<V>(handle, options);
  try {
    await store.load();
  } catch (error) {
    await handle.close().catch(() => {});
    throw ContentStoreError.isInstance(error) ? error : storeIoError(path, 'read', error);
  }
  return store;
}
