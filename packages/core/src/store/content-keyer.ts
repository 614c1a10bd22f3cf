import { createHash, type Hash } from 'node:crypto';

/**
 * A {@link contentKey} with fixed leading parts hashed once: `createContentKeyer(a, b)(c)` equals
 * `contentKey(a, b, c)`, but each call hashes only its own parts. For a job that keys hundreds of
 * thousands of texts under the same provider, model and languages.
 */
export function createContentKeyer(...prefix: string[]): (...parts: string[]) => string {
  const base = createHash('sha256');
  feed(base, prefix);
  return (...parts) => {
    const hash = base.copy();
    feed(hash, parts);
    return hash.digest('hex');
  };
}

/** The encoding {@link contentKey} documents: each part length-prefixed, then as UTF-16LE. */
export function feed(hash: Hash, parts: readonly string[]): void {
  for (const part of parts) {
    hash.update(`${part.length}:`, 'latin1');
    hash.update(part, 'utf16le');
  }
}
