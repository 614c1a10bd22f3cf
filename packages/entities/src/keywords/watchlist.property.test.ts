import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileWatchlist } from './compile-watchlist';
import { normaliseText } from './normalise-text';

const piece = fc.oneof(
  fc.constantFrom(
    'Straße',
    'ﬁne',
    'e\u0301',
    'José',
    'чай',
    'مُخَدِّرَات',
    'سيـارة',
    '٥',
    '冰毒',
    '😀',
    'İ',
    ' ',
    ', ',
  ),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);

describe('watchlist offsets', () => {
  it('every hit slices back to text that normalises to the term', () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 10 }), fc.nat(), (parts, pick) => {
        const text = parts.join(' ');
        const term = parts[pick % parts.length]!.trim();
        fc.pre(normaliseText(term, { foldDiacritics: true }).text.length > 0);
        const watchlist = compileWatchlist([{ term, category: 'x', match: 'substring' }]);
        const hits = watchlist.search(text);
        expect(hits.length).toBeGreaterThan(0);
        for (const hit of hits) {
          expect(text.slice(hit.start, hit.end)).toBe(hit.text);
          expect(normaliseText(hit.text, { foldDiacritics: true }).text).toContain(
            normaliseText(term, { foldDiacritics: true }).text,
          );
        }
      }),
      { numRuns: 500 },
    );
  });
});
