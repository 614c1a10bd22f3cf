import type { Finding } from '../finding';
import { KeywordAutomaton } from './keyword-automaton';
import { foldCodeUnit, type NormalisedText, normaliseText, originalRange } from './normalise-text';
import type { Watchlist } from './watchlist';
import type { WatchlistEntry } from './watchlist-entry';
import { WatchlistError } from './watchlist-error';

/** Options of {@link compileWatchlist}. */
export interface CompileWatchlistOptions {
  /** Fold Latin diacritics on both terms and text (see {@link NormaliseTextOptions}). Default true. */
  foldDiacritics?: boolean;
}

interface TermData {
  entry: WatchlistEntry;
  substring: boolean;
}

// Scripts written without spaces between words: a term in them is matched anywhere.
const UNSPACED_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}_]/u;

// A letter of a script written without spaces is no word boundary problem: "收USDT" has a boundary
// between 收 and U.
function isWordCharacter(character: string): boolean {
  return WORD_CHARACTER.test(character) && !UNSPACED_SCRIPT.test(character);
}

// Per BMP code unit: 0 not yet known, 1 a word character, 2 not. Astral characters are rare: cached by
// code point.
const wordUnits = new Uint8Array(0x10000);
const wordCodePoints = new Map<number, boolean>();

function isWordCodePoint(codePoint: number): boolean {
  if (codePoint < 0x10000) {
    let known = wordUnits[codePoint]!;
    if (known === 0) {
      known = isWordCharacter(String.fromCharCode(codePoint)) ? 1 : 2;
      wordUnits[codePoint] = known;
    }
    return known === 1;
  }
  let word = wordCodePoints.get(codePoint);
  if (word === undefined) {
    word = isWordCharacter(String.fromCodePoint(codePoint));
    wordCodePoints.set(codePoint, word);
  }
  return word;
}

/**
 * Whether the character just before (`before`) or at `index` of the normalised text is a word
 * character. `fold` says the text is the original, folded unit by unit on the way (the fast path).
 */
function isWordCharacterAt(
  text: string,
  index: number,
  before: boolean,
  fold: boolean,
  foldDiacritics: boolean,
): boolean {
  let position = before ? index - 1 : index;
  if (position < 0 || position >= text.length) return false;
  let code = text.charCodeAt(position);
  if (before && code >= 0xdc00 && code <= 0xdfff && position > 0) {
    const high = text.charCodeAt(position - 1);
    if (high >= 0xd800 && high <= 0xdbff) position--;
  }
  code = text.codePointAt(position)!;
  if (code >= 0xd800 && code <= 0xdfff) return false;
  if (code < 0x10000 && fold) code = foldCodeUnit(code, foldDiacritics);
  return isWordCodePoint(code);
}

// Astral characters (emoji, mostly) that normalise to themselves, by code point.
const unchangedCodePoints = [new Map<number, boolean>(), new Map<number, boolean>()] as const;

function codePointUnchanged(codePoint: number, foldDiacritics: boolean): boolean {
  const cache = unchangedCodePoints[foldDiacritics ? 1 : 0];
  let unchanged = cache.get(codePoint);
  if (unchanged === undefined) {
    const character = String.fromCodePoint(codePoint);
    unchanged = !MARK.test(character) && normaliseText(character, { foldDiacritics }).text === character;
    cache.set(codePoint, unchanged);
  }
  return unchanged;
}
const MARK = /\p{M}/u;

/**
 * Compiles watchlist entries into one Aho-Corasick automaton (`KeywordAutomaton`, typed arrays over UTF-16 code units) over normalised
 * terms. Text is normalised the same way (see {@link normaliseText}) — unit by unit as it is scanned when
 * every character normalises to one code unit, else first — and hits are mapped back to offsets in the
 * original. `word` terms need a Unicode word boundary at both ends (JavaScript's `\b` knows only
 * ASCII); Chinese, Japanese and Thai terms match anywhere; `regex` terms run on the original text,
 * case-insensitively.
 */
export function compileWatchlist(
  entries: readonly WatchlistEntry[],
  options: CompileWatchlistOptions = {},
): Watchlist {
  const foldDiacritics = options.foldDiacritics ?? true;
  const patterns: Array<{ pattern: string; data: TermData }> = [];
  const regexes: Array<{ regex: RegExp; entry: WatchlistEntry }> = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const spellings = [entry.term, ...(entry.aliases ?? [])];
    if (entry.match === 'regex') {
      for (const source of spellings) {
        try {
          regexes.push({ regex: new RegExp(source, 'giu'), entry });
        } catch (error) {
          throw new WatchlistError({
            code: 'invalid_watchlist_regex',
            message: `the regular expression ${JSON.stringify(source)} for "${entry.term}" does not compile (${(error as Error).message}). Fix it or set match=word.`,
            cause: error,
          });
        }
      }
      continue;
    }
    for (const spelling of spellings) {
      const normalised = normaliseText(spelling.trim(), { foldDiacritics }).text;
      if (normalised === '') continue;
      const key = `${normalised}\u0000${entry.category}\u0000${entry.term}`;
      if (seen.has(key)) continue;
      seen.add(key);
      patterns.push({
        pattern: normalised,
        data: { entry, substring: entry.match === 'substring' || UNSPACED_SCRIPT.test(normalised) },
      });
    }
  }
  // One automaton over the distinct normalised spellings; several entries may share one spelling.
  const byPattern = new Map<string, TermData[]>();
  for (const { pattern, data } of patterns) byPattern.set(pattern, [...(byPattern.get(pattern) ?? []), data]);
  const automaton = byPattern.size === 0 ? undefined : new KeywordAutomaton([...byPattern.keys()]);
  const termsOf = [...byPattern.values()];
  // ASCII units with upper case folded, straight to their symbols: the commonest case, one read.
  const asciiSymbols = new Uint32Array(0x80);
  if (automaton !== undefined) {
    for (let code = 0; code < 0x80; code++)
      asciiSymbols[code] = automaton.symbolOf[foldCodeUnit(code, foldDiacritics)]!;
  }

  /**
   * Runs the automaton over `text` and adds each hit to `hits`. With `fold`, `text` is the original and
   * each code unit is normalised on the way (a text whose every character normalises to one code unit,
   * most chat text): false as soon as one does not, and the caller normalises the text first instead.
   */
  const scan = (
    text: string,
    original: string,
    normalised: NormalisedText | undefined,
    hits: Finding[],
  ): boolean => {
    const fold = normalised === undefined;
    const { symbolOf, dense, alphabetSize, firstOutputs } = automaton!;
    const allDense = automaton!.denseStates === automaton!.stateCount;
    let state = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      let symbol: number;
      if (code < 0x80 || !fold) symbol = fold ? asciiSymbols[code]! : symbolOf[code]!;
      else {
        const folded = foldCodeUnit(code, foldDiacritics);
        if (folded >= 0) symbol = symbolOf[folded]!;
        else if (
          code <= 0xdbff &&
          code >= 0xd800 &&
          codePointUnchanged(text.codePointAt(index)!, foldDiacritics)
        ) {
          // An emoji or other astral character that normalises to itself: both its units as they are.
          state = automaton!.nextBySymbol(state, symbolOf[code]!);
          symbol = symbolOf[text.charCodeAt(++index)]!;
        } else return false;
      }
      if (symbol === 0) {
        // A unit in no term: back to the root, where nothing ends.
        state = 0;
        continue;
      }
      state = allDense ? dense[state * alphabetSize + symbol]! : automaton!.nextBySymbol(state, symbol);
      if (firstOutputs[state]! < 0) continue;
      for (let output = automaton!.firstOutput(state); output >= 0; output = automaton!.nextOutput(output)) {
        const pattern = automaton!.patternOf(output);
        const end = index + 1;
        const begin = end - automaton!.patternLengths[pattern]!;
        let atBoundary: boolean | undefined;
        for (const data of termsOf[pattern]!) {
          if (!data.substring) {
            atBoundary ??=
              !isWordCharacterAt(text, begin, true, fold, foldDiacritics) &&
              !isWordCharacterAt(text, end, false, fold, foldDiacritics);
            if (!atBoundary) continue;
          }
          const [start, stop] = fold ? [begin, end] : originalRange(normalised!, begin, end);
          hits.push(keywordFinding(original, start, stop, data.entry, data.substring ? 0.9 : 1));
        }
      }
    }
    return true;
  };

  return {
    size: patterns.length + regexes.length,
    search(text) {
      const hits: Finding[] = [];
      if (automaton !== undefined && text.length > 0 && !scan(text, text, undefined, hits)) {
        hits.length = 0;
        const normalised = normaliseText(text, { foldDiacritics });
        scan(normalised.text, text, normalised, hits);
      }
      for (const { regex, entry } of regexes) {
        regex.lastIndex = 0;
        for (const match of text.matchAll(regex)) {
          if (match[0].length === 0) continue;
          hits.push(keywordFinding(text, match.index, match.index + match[0].length, entry, 0.9));
        }
      }
      if (hits.length < 2) return hits;
      // One hit per span and term, in text order.
      const unique = new Map<string, Finding>();
      for (const hit of hits) unique.set(`${hit.start}:${hit.end}:${hit.normalized}:${hit.category}`, hit);
      return [...unique.values()].sort((a, b) => a.start - b.start || a.end - b.end);
    },
  };
}

function keywordFinding(
  text: string,
  start: number,
  end: number,
  entry: WatchlistEntry,
  confidence: number,
): Finding {
  return {
    type: 'keyword',
    text: text.slice(start, end),
    start,
    end,
    normalized: entry.term,
    confidence,
    recognizer: 'watchlist',
    validated: false,
    category: entry.category,
  };
}
