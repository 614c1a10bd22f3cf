import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileWatchlist } from './compile-watchlist';
import { KeywordAutomaton } from './keyword-automaton';
import { normaliseText, originalRange } from './normalise-text';

// The automaton and the watchlist search built on it, each against a matcher too simple to be wrong:
// indexOf for every pattern at every position.

/** Every `(pattern, end)` occurrence, overlapping ones included, the slow obvious way. */
function naiveOccurrences(patterns: readonly string[], text: string): string[] {
  const found: string[] = [];
  patterns.forEach((pattern, index) => {
    for (let at = text.indexOf(pattern); at >= 0; at = text.indexOf(pattern, at + 1)) {
      found.push(`${index}@${at + pattern.length}`);
    }
  });
  return found.sort();
}

function automatonOccurrences(automaton: KeywordAutomaton, text: string): string[] {
  const found: string[] = [];
  let state = 0;
  for (let index = 0; index < text.length; index++) {
    state = automaton.next(state, text.charCodeAt(index));
    for (let output = automaton.firstOutput(state); output >= 0; output = automaton.nextOutput(output)) {
      found.push(`${automaton.patternOf(output)}@${index + 1}`);
    }
  }
  return found.sort();
}

// A small alphabet makes shared prefixes, suffixes and overlaps (the failure links' work) common.
const unit = fc.constantFrom('a', 'b', 'c', 'ab', 'é', '冰', '😀', ' ');
const word = fc.array(unit, { minLength: 1, maxLength: 5 }).map((units) => units.join(''));

describe('KeywordAutomaton', () => {
  it('reports exactly the occurrences indexOf finds, dense or sparse', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { minLength: 1, maxLength: 12 }),
        fc.array(unit, { maxLength: 40 }).map((units) => units.join('')),
        fc.constantFrom(1, 7, 64, 1 << 22),
        (patterns, text, maxDenseEntries) => {
          const automaton = new KeywordAutomaton(patterns, maxDenseEntries);
          expect(automatonOccurrences(automaton, text)).toEqual(naiveOccurrences(patterns, text));
        },
      ),
      { numRuns: 400 },
    );
  });
});

const WORD_CHARACTER = /[\p{L}\p{N}\p{M}_]/u;
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const isWord = (character: string | undefined) =>
  character !== undefined && WORD_CHARACTER.test(character) && !UNSPACED.test(character);

/** The watchlist's documented rule, the obvious way: normalise, indexOf, check both ends, map back. */
function naiveSearch(terms: readonly string[], text: string, substring: boolean): string[] {
  const normalised = normaliseText(text, { foldDiacritics: true });
  const found = new Set<string>();
  for (const term of terms) {
    const needle = normaliseText(term.trim(), { foldDiacritics: true }).text;
    if (needle === '') continue;
    for (let at = normalised.text.indexOf(needle); at >= 0; at = normalised.text.indexOf(needle, at + 1)) {
      const end = at + needle.length;
      // Characters around the hit, by code point (a surrogate pair is one character).
      const before = [...normalised.text.slice(0, at)].at(-1);
      const after = [...normalised.text.slice(end)][0];
      const unspaced = UNSPACED.test(needle);
      if (!substring && !unspaced && (isWord(before) || isWord(after))) continue;
      const [start, stop] = originalRange(normalised, at, end);
      found.add(`${start}:${stop}:${term}`);
    }
  }
  return [...found].sort();
}

const piece = fc.oneof(
  fc.constantFrom(
    'Coke',
    'coke',
    'COKE',
    'José',
    'jose',
    'e\u0301',
    'Straße',
    'чай',
    'مُخَدِّرَات',
    'سيـارة',
    '冰毒',
    '😀',
    '❤\uFE0F',
    'İ',
    'ﬁ',
    '_',
    '1',
    ' ',
    ', ',
  ),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);

describe('watchlist search', () => {
  it('finds what normalising, indexOf and a boundary check find, with the same offsets', () => {
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 10 }),
        fc.uniqueArray(piece, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        fc.boolean(),
        (parts, terms, substring, spaced) => {
          const text = parts.join(spaced ? ' ' : '');
          const usable = terms.filter(
            (term) => normaliseText(term.trim(), { foldDiacritics: true }).text !== '',
          );
          fc.pre(usable.length > 0);
          const watchlist = compileWatchlist(
            usable.map((term) => ({ term, category: 'c', match: substring ? 'substring' : 'word' })),
          );
          const hits = watchlist.search(text);
          for (const hit of hits) expect(text.slice(hit.start, hit.end)).toBe(hit.text);
          expect(hits.map((hit) => `${hit.start}:${hit.end}:${hit.normalized}`).sort()).toEqual(
            naiveSearch(usable, text, substring),
          );
        },
      ),
      { numRuns: 600 },
    );
  });
});
