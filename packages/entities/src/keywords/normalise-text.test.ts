import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileWatchlist } from './compile-watchlist';
import { foldCodeUnit, normaliseText } from './normalise-text';

// Segments as normaliseText cuts them: a code point and the combining marks after it.
function segments(text: string): string[] {
  const result: string[] = [];
  for (const character of text) {
    if (result.length > 0 && /\p{M}/u.test(character)) result[result.length - 1] += character;
    else result.push(character);
  }
  return result;
}

const chatPiece = fc.oneof(
  fc.constantFrom('❤️', '👍🏽', '🤷‍♂️', 'e\u0301', 'ﬁ', 'Straße', 'مُخَدِّرَات', 'İstanbul', '𝐀', '🄀', 'Ω', ' '),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);

describe('normaliseText', () => {
  it('equals its segments normalised one by one, each output unit pointing at its own segment', () => {
    fc.assert(
      fc.property(fc.array(chatPiece, { maxLength: 12 }), fc.boolean(), (parts, foldDiacritics) => {
        const text = parts.join('');
        const normalised = normaliseText(text, { foldDiacritics });
        let expected = '';
        const ranges: Array<[number, number]> = [];
        let offset = 0;
        for (const segment of segments(text)) {
          const alone = normaliseText(segment, { foldDiacritics }).text;
          expected += alone;
          for (let unit = 0; unit < alone.length; unit++) ranges.push([offset, offset + segment.length]);
          offset += segment.length;
        }
        expect(normalised.text).toBe(expected);
        if (normalised.identity) {
          expect(normalised.text.length).toBe(text.length);
        } else {
          ranges.forEach(([start, end], unit) => {
            expect([normalised.originalStart![unit], normalised.originalEnd![unit]]).toEqual([start, end]);
          });
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('calls a text identity only when each unit normalises in its own place', () => {
    expect(normaliseText('vale 😂 ❤️ mañana', { foldDiacritics: false }).identity).toBe(true);
    // U+1F100 is two units that NFKC turns into two others ("0."): offsets must map to the whole pair.
    const digit = normaliseText('a🄀b');
    expect(digit.text).toBe('a0.b');
    expect(digit.identity).toBe(false);
    expect([digit.originalStart![1], digit.originalEnd![2]]).toEqual([1, 3]);
  });

  // The watchlist scans a lower-cased copy of each text (a flat string, see compileWatchlist) and folds
  // it unit by unit: that is exact only if lower-casing a unit first never changes what it folds to,
  // and if lower-casing never shortens a text (equal lengths then mean equal offsets).
  it('folds a lower-cased code unit as it folds the unit itself', () => {
    const differ: string[] = [];
    for (let code = 0; code < 0x10000; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const lower = String.fromCharCode(code).toLowerCase();
      if (lower.length !== 1) continue;
      for (const foldDiacritics of [false, true]) {
        if (foldCodeUnit(lower.charCodeAt(0), foldDiacritics) !== foldCodeUnit(code, foldDiacritics)) {
          differ.push(`U+${code.toString(16).toUpperCase().padStart(4, '0')}`);
        }
      }
    }
    expect(differ).toEqual([]);
  });

  it('never finds lower case shorter than the text', () => {
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const character = String.fromCodePoint(code);
      if (character.toLowerCase().length < character.length) throw new Error(`U+${code.toString(16)}`);
    }
  });

  it('finds the same hits in a rope as in a flat string', () => {
    const watchlist = compileWatchlist([{ term: 'kalomi', category: 'x' }]);
    const flat = 'dile a KALOMI que sí 👍';
    const rope = `${'dile a KALOMI'.slice(0)} ${'que sí'} 👍`;
    expect(watchlist.search(rope)).toEqual(watchlist.search(flat));
    expect(watchlist.search(rope).map((hit) => hit.text)).toEqual(['KALOMI']);
  });
});
