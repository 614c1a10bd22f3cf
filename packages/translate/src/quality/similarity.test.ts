import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { translationSimilarity } from './similarity';

describe('translationSimilarity', () => {
  it('is 1 for the same text whatever its case, spacing and punctuation', () => {
    expect(translationSimilarity('See you tomorrow!', 'see  you tomorrow')).toBe(1);
  });

  it('scores close wordings high and unrelated ones low', () => {
    const close = translationSimilarity(
      "I'll call you when I get to the station tonight",
      'I will call you when I arrive at the station tonight',
    );
    const unrelated = translationSimilarity(
      "I'll call you when I get to the station tonight",
      'The parcel is green',
    );
    expect(close).toBeGreaterThan(0.6);
    expect(unrelated).toBeLessThan(0.2);
  });

  it('is symmetric and between 0 and 1', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const score = translationSimilarity(a, b);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        expect(translationSimilarity(b, a)).toBeCloseTo(score, 10);
      }),
    );
  });
});
