import type { ContentStore } from './content-store';
import { ContentStoreError } from './content-store-error';

/**
 * A {@link ContentStore} held in memory: for tests, and for one-off runs that need no resume. Values are
 * kept as given (not copied), and everything is lost when the process ends.
 */
export function createMemoryContentStore<V = unknown>(): ContentStore<V> {
  const entries = new Map<string, V>();
  let closed = false;
  const ensureOpen = () => {
    if (closed) {
      throw new ContentStoreError({ code: 'content_store_closed', message: 'The content store is closed.' });
    }
  };
  return {
    async getMany(keys) {
      ensureOpen();
      const found = new Map<string, V>();
      for (const key of keys) {
        if (entries.has(key)) found.set(key, entries.get(key) as V);
      }
      return found;
    },
    async putMany(batch) {
      ensureOpen();
      for (const [key, value] of batch) entries.set(key, value);
    },
    get size() {
      return entries.size;
    },
    async close() {
      closed = true;
    },
  };
}
