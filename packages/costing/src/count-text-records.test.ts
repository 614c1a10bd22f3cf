import { describe, expect, it } from 'vitest';
import { countTextRecords } from './count-text-records';

describe('countTextRecords', () => {
  it('bills every started 1,000 characters of each document', () => {
    expect(countTextRecords(['a'.repeat(1000)]).records).toBe(1);
    expect(countTextRecords(['a'.repeat(1001)]).records).toBe(2);
    expect(countTextRecords(['a'.repeat(5120)]).records).toBe(6);
  });

  it('counts per document, not over the batch', () => {
    expect(countTextRecords(['short one', 'short two'])).toEqual({
      records: 2,
      characters: 18,
      documents: 2,
    });
  });

  it('measures grapheme clusters, as the service does', () => {
    // 1,000 family emoji are 8,000 UTF-16 units but 1,000 text elements: one record.
    expect(countTextRecords(['👨‍👩‍👧'.repeat(1000)]).records).toBe(1);
    expect(countTextRecords(['👨‍👩‍👧'.repeat(1000)], { characterCounting: 'utf16' }).records).toBe(8);
  });

  it('bills at least the minimum per document, as Amazon Comprehend does (3 units of 100)', () => {
    const comprehend = {
      charactersPerRecord: 100,
      characterCounting: 'codepoints',
      minimumRecords: 3,
    } as const;
    expect(countTextRecords(['ok', 'a'.repeat(301)], comprehend).records).toBe(3 + 4);
    expect(countTextRecords([''], comprehend).records).toBe(0);
    expect(() => countTextRecords(['ok'], { minimumRecords: 0 })).toThrow(/minimumRecords/);
  });

  it('bills an empty document nothing', () => {
    expect(countTextRecords(['']).records).toBe(0);
  });
});
