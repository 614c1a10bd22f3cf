import { createHash } from 'node:crypto';
import { feed } from './content-keyer';

/**
 * The key under which a result is stored: SHA-256 (lower-case hex) of `parts`, each length-prefixed so
 * the split between parts counts: `contentKey('ab', 'c') !== contentKey('a', 'bc')`.
 *
 * Pass everything that changes the result: a schema tag such as `translation/v1`, the provider and
 * model, the languages, options, and the text itself.
 *
 * Exact encoding, for other implementations: for each part, its length in UTF-16 code units as ASCII
 * decimal, a `:`, then the part as UTF-16LE. UTF-16 code units keep even lone surrogates distinct, which
 * a UTF-8 encoding would collapse into U+FFFD.
 */
export function contentKey(...parts: string[]): string {
  const hash = createHash('sha256');
  feed(hash, parts);
  return hash.digest('hex');
}
