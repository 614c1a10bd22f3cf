import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompactKeyIndex } from './compact-key-index';

interface Location {
  position: number;
  length: number;
}

/**
 * The index as the store uses it: `keyOf` plays the key stored in each line, which is how the store
 * tells apart keys that share a fingerprint.
 */
function indexedMap(fingerprintOf: (key: number) => number) {
  const index = new CompactKeyIndex();
  const keyOf: number[] = [];
  const find = (key: number) => index.matches(fingerprintOf(key)).find((entry) => keyOf[entry] === key);
  return {
    index,
    put(key: number, { position, length }: Location) {
      const entry = find(key);
      if (entry === undefined) keyOf[index.add(fingerprintOf(key), position, length)] = key;
      else index.set(entry, position, length);
    },
    get(key: number): Location | undefined {
      const entry = find(key);
      return entry === undefined
        ? undefined
        : { position: index.position(entry), length: index.length(entry) };
    },
  };
}

const location = fc.record({
  // Beyond 4 GiB and lengths beyond 16 bits too, which take other paths.
  position: fc.oneof(fc.nat(1_000_000), fc.integer({ min: 0, max: 2 ** 48 - 1 })),
  length: fc.oneof(fc.nat(300), fc.integer({ min: 0xfff0, max: 2 ** 32 - 1 })),
});

describe('CompactKeyIndex', () => {
  it('agrees with a Map under random inserts and overwrites, with many keys per fingerprint (property)', () => {
    fc.assert(
      fc.property(
        // Few fingerprints for many keys: most lookups must probe past other keys' entries.
        fc.integer({ min: 1, max: 64 }),
        fc.array(fc.tuple(fc.nat(2_000), location), { maxLength: 3_000 }),
        (fingerprints, puts) => {
          // Spread over the whole 53-bit range, not only small integers.
          const fingerprintOf = (key: number) => ((key % fingerprints) * 0x9e3779b97f4a7) % 2 ** 53;
          const subject = indexedMap(fingerprintOf);
          const model = new Map<number, Location>();
          for (const [key, where] of puts) {
            subject.put(key, where);
            model.set(key, where);
          }
          expect(subject.index.size).toBe(model.size);
          const keys = Array.from({ length: 2_001 }, (_, key) => key);
          expect(keys.map((key) => subject.get(key))).toEqual(keys.map((key) => model.get(key)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('tells a missing fingerprint from a present one, including 0 and 2^53 - 1', () => {
    const index = new CompactKeyIndex();
    for (const fingerprint of [0, 1, 2 ** 32, 2 ** 53 - 1]) index.add(fingerprint, fingerprint % 1000, 10);
    for (const fingerprint of [0, 1, 2 ** 32, 2 ** 53 - 1]) {
      expect(index.has(fingerprint)).toBe(true);
      expect(index.matches(fingerprint).map((entry) => index.position(entry))).toEqual([fingerprint % 1000]);
    }
    for (const fingerprint of [2, 2 ** 32 + 1, 2 ** 53 - 2]) {
      expect(index.has(fingerprint)).toBe(false);
      expect(index.matches(fingerprint)).toEqual([]);
    }
  });

  it('keeps every entry through many doublings, at well under 30 bytes per entry', () => {
    const index = new CompactKeyIndex();
    const count = 300_000;
    // Fingerprints with structure (multiples of 2^20) rather than random bits, as the worst case for spreading.
    const fingerprintOf = (n: number) => n * 2 ** 20;
    for (let n = 0; n < count; n++) index.add(fingerprintOf(n), n * 100, n % 97);
    expect(index.size).toBe(count);
    const wrong: number[] = [];
    for (let n = 0; n < count; n++) {
      const entries = index.matches(fingerprintOf(n));
      const entry = entries[0]!;
      if (entries.length !== 1 || index.position(entry) !== n * 100 || index.length(entry) !== n % 97) {
        wrong.push(n);
      }
    }
    expect(wrong).toEqual([]);
    expect(index.byteLength / count).toBeLessThan(30);
  });

  it('refuses a position it cannot hold rather than storing a wrong one', () => {
    const index = new CompactKeyIndex();
    expect(() => index.add(1, 2 ** 48, 10)).toThrow(RangeError);
  });
});
