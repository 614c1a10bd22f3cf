import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentKey } from './content-key';
import { createContentKeyer } from './content-keyer';

describe('contentKey', () => {
  it('is the SHA-256 of the length-prefixed UTF-16 parts, as documented', () => {
    const expected = createHash('sha256')
      .update(
        Buffer.concat([
          Buffer.from('2:'),
          Buffer.from('ab', 'utf16le'),
          Buffer.from('1:'),
          Buffer.from('c', 'utf16le'),
        ]),
      )
      .digest('hex');
    expect(contentKey('ab', 'c')).toBe(expected);
    expect(contentKey('ab', 'c')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('depends on where the parts split, not only on their concatenation', () => {
    expect(contentKey('ab', 'c')).not.toBe(contentKey('a', 'bc'));
    expect(contentKey('a', '')).not.toBe(contentKey('a'));
    expect(contentKey('1:a')).not.toBe(contentKey('', 'a'));
    // Lone surrogates stay distinct from the replacement character.
    expect(contentKey('\uD800')).not.toBe(contentKey('\uFFFD'));
  });

  it('gives different keys for different part lists, and the same key for the same list', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary' })),
        fc.array(fc.string({ unit: 'binary' })),
        (left, right) => {
          const same = left.length === right.length && left.every((part, index) => part === right[index]);
          expect(contentKey(...left) === contentKey(...right)).toBe(same);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('createContentKeyer', () => {
  it('gives the same key as contentKey over the prefix and the parts, call after call (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string()),
        fc.array(fc.array(fc.string()), { maxLength: 5 }),
        (prefix, calls) => {
          const keyer = createContentKeyer(...prefix);
          for (const parts of calls) expect(keyer(...parts)).toBe(contentKey(...prefix, ...parts));
        },
      ),
    );
  });
});
