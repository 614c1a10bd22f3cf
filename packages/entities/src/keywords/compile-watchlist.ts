import { AhoCorasick } from '@monyone/aho-corasick/fast';
import type { Finding } from '../finding';
import { normaliseText, originalRange } from './normalise-text';
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

function isWordCharacterAt(text: string, index: number, before: boolean): boolean {
  if (before) {
    if (index <= 0) return false;
    const low = text.charCodeAt(index - 1);
    const start = low >= 0xdc00 && low <= 0xdfff && index >= 2 ? index - 2 : index - 1;
    return isWordCharacter(String.fromCodePoint(text.codePointAt(start)!));
  }
  if (index >= text.length) return false;
  return isWordCharacter(String.fromCodePoint(text.codePointAt(index)!));
}

/**
 * Compiles watchlist entries into one Aho-Corasick automaton (`@monyone/aho-corasick`, its
 * double-array `fast` build) over normalised terms. Text is normalised the same way (see {@link normaliseText}) and hits are mapped back to offsets
 * in the original. `word` terms need a Unicode word boundary at both ends (JavaScript's `\b` knows only
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
  const automaton = byPattern.size === 0 ? undefined : new AhoCorasick([...byPattern.keys()]);

  return {
    size: patterns.length + regexes.length,
    search(text) {
      const hits: Finding[] = [];
      if (automaton !== undefined && text.length > 0) {
        const normalised = normaliseText(text, { foldDiacritics });
        for (const match of automaton.matchInText(normalised.text)) {
          const atBoundary =
            !isWordCharacterAt(normalised.text, match.begin, true) &&
            !isWordCharacterAt(normalised.text, match.end, false);
          for (const data of byPattern.get(match.keyword) ?? []) {
            if (!data.substring && !atBoundary) continue;
            const [start, end] = originalRange(normalised, match.begin, match.end);
            hits.push(keywordFinding(text, start, end, data.entry, data.substring ? 0.9 : 1));
          }
        }
      }
      for (const { regex, entry } of regexes) {
        regex.lastIndex = 0;
        for (const match of text.matchAll(regex)) {
          if (match[0].length === 0) continue;
          hits.push(keywordFinding(text, match.index, match.index + match[0].length, entry, 0.9));
        }
      }
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
