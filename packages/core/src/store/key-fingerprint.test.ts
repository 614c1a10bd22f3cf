import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentKey } from './content-key';
import { keyFingerprint } from './key-fingerprint';

const hexDigit = fc.constantFrom(...'0123456789abcdef');

describe('keyFingerprint', () => {
  it('is the same non-negative integer below 2^53 every time, for any string (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: hexDigit, minLength: 64, maxLength: 64 })),
        (key) => {
          const fingerprint = keyFingerprint(key);
          expect(Number.isSafeInteger(fingerprint) && fingerprint >= 0).toBe(true);
          expect(keyFingerprint(key)).toBe(fingerprint);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('changes when any one digit of a content key changes (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(63), hexDigit, (text, index, digit) => {
        const key = contentKey(text);
        fc.pre(key[index] !== digit);
        const changed = key.slice(0, index) + digit + key.slice(index + 1);
        expect(keyFingerprint(changed)).not.toBe(keyFingerprint(key));
      }),
      { numRuns: 2_000 },
    );
  });

  it('spreads content keys and other keys alike: 100,000 of each, no two fingerprints equal', () => {
    const keys = Array.from({ length: 100_000 }, (_, n) => contentKey(String(n)));
    const others = [
      ...keys.map((key) => key.toUpperCase()),
      ...keys.map((_, n) => `row-${n}`),
      ...keys.map((key) => key.slice(0, 63)),
    ];
    const fingerprints = new Set([...keys, ...others].map(keyFingerprint));
    expect(fingerprints.size).toBe(keys.length + others.length);
  });
});
