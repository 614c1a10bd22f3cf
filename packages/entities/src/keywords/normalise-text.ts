/** Options of {@link normaliseText}. */
export interface NormaliseTextOptions {
  /**
   * Fold Latin diacritics (é → e, ß → ss) so "Jose" matches "José". Marks on Cyrillic letters are kept:
   * й and ё are letters of their own, and stripping their marks would turn them into и and е.
   * Default false.
   */
  foldDiacritics?: boolean;
}

/**
 * A normalised text and the way back: code unit `i` of `text` came from the original code units
 * `[originalStart[i], originalEnd[i])`. When `identity` is true the text maps one to one and the
 * arrays are omitted.
 */
export interface NormalisedText {
  text: string;
  identity: boolean;
  originalStart?: readonly number[];
  originalEnd?: readonly number[];
}

// Arabic: tatweel (U+0640), harakat and Quranic marks are dropped; alef, yeh, teh marbuta, kaf and heh
// variants are unified; Arabic-Indic and Extended Arabic-Indic digits become ASCII. NFKC does none of it.
const ARABIC_DROP = /[\u0640\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const ARABIC_MAP: Record<string, string> = {
  '\u0623': '\u0627', // أ → ا
  '\u0625': '\u0627', // إ → ا
  '\u0622': '\u0627', // آ → ا
  '\u0671': '\u0627', // ٱ → ا
  '\u0649': '\u064A', // ى → ي
  '\u06CC': '\u064A', // ی (Persian yeh) → ي
  '\u0629': '\u0647', // ة → ه
  '\u06A9': '\u0643', // ک (Persian kaf) → ك
  '\u06C1': '\u0647', // ہ → ه
};
for (let digit = 0; digit < 10; digit++) {
  ARABIC_MAP[String.fromCharCode(0x0660 + digit)] = String(digit);
  ARABIC_MAP[String.fromCharCode(0x06f0 + digit)] = String(digit);
}
const ARABIC_VARIANTS = new RegExp(`[${Object.keys(ARABIC_MAP).join('')}]`, 'g');
const CYRILLIC = /\p{Script=Cyrillic}/u;
const MARKS = /\p{M}/u;
const NON_ASCII = /[^ -~\t\n\r]|[\x7F]/;

/** Normalises one segment (a base character and its combining marks). */
function normaliseSegment(segment: string, foldDiacritics: boolean): string {
  let result = segment
    .normalize('NFKC')
    .replace(ARABIC_DROP, '')
    .replace(ARABIC_VARIANTS, (c) => ARABIC_MAP[c]!);
  // Full case folding is not in JavaScript; lower-casing plus the two folds that matter for matching.
  result = result.toLowerCase().replace(/ß/g, 'ss').replace(/ς/g, 'σ');
  if (foldDiacritics && !CYRILLIC.test(result)) {
    result = result
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[æ]/g, 'ae')
      .replace(/[œ]/g, 'oe')
      .replace(/[ø]/g, 'o')
      .replace(/[đð]/g, 'd')
      .replace(/[ł]/g, 'l')
      .replace(/[ı]/g, 'i')
      .normalize('NFC');
  }
  return result;
}

// Per BMP code unit: 0 not yet known, 1 a combining mark, 2 not. Astral code points (emoji, mostly, each
// looked at as the character after another) are cached by code point.
const markUnits = new Uint8Array(0x10000);
const astralMarks = new Map<number, boolean>();

function isMark(code: number): boolean {
  if (code >= 0x10000) {
    let mark = astralMarks.get(code);
    if (mark === undefined) {
      mark = MARKS.test(String.fromCodePoint(code));
      astralMarks.set(code, mark);
    }
    return mark;
  }
  let known = markUnits[code]!;
  if (known === 0) {
    known = MARKS.test(String.fromCharCode(code)) ? 1 : 2;
    markUnits[code] = known;
  }
  return known === 1;
}

// What each BMP code unit normalises to when it stands alone, per fold setting: 0 not yet known, -1 a
// unit that does not map to exactly one code unit (or is a combining mark or a surrogate), else the
// code unit + 1. Filled lazily: chat text repeats the same few accented letters.
const foldTables = [new Int32Array(0x10000), new Int32Array(0x10000)] as const;

/**
 * The one code unit a BMP code unit normalises to on its own (NFKC, lower case, Arabic unification,
 * optionally Latin diacritics folded), or -1 when it does not normalise to exactly one code unit, is a
 * combining mark (which normalises together with the character before it) or is a surrogate. A text
 * whose units all fold to one unit normalises unit by unit, with offsets unchanged.
 */
export function foldCodeUnit(code: number, foldDiacritics: boolean): number {
  if (code < 0x80) return code >= 65 && code <= 90 ? code + 32 : code;
  const table = foldTables[foldDiacritics ? 1 : 0];
  const known = table[code]!;
  if (known !== 0) return known > 0 ? known - 1 : -1;
  let folded = -1;
  if (!(code >= 0xd800 && code <= 0xdfff) && !isMark(code)) {
    const mapped = normaliseSegment(String.fromCharCode(code), foldDiacritics);
    if (mapped.length === 1) folded = mapped.charCodeAt(0);
  }
  table[code] = folded >= 0 ? folded + 1 : -1;
  return folded;
}

// Segments that do not fold unit by unit (emoji with a variation selector, a letter and its combining
// marks, ligatures, harakat…), normalised once: chat text repeats the same few. Cleared when full, so a
// hostile input of endless distinct segments cannot grow it without bound.
const segmentCaches = [new Map<string, string>(), new Map<string, string>()] as const;
const SEGMENT_CACHE_LIMIT = 4096;

function normaliseSegmentCached(segment: string, foldDiacritics: boolean): string {
  const cache = segmentCaches[foldDiacritics ? 1 : 0];
  let normalised = cache.get(segment);
  if (normalised === undefined) {
    normalised = normaliseSegment(segment, foldDiacritics);
    if (cache.size >= SEGMENT_CACHE_LIMIT) cache.clear();
    cache.set(segment, normalised);
  }
  return normalised;
}

/**
 * Normalises text for keyword matching — NFKC, lower case, Arabic unification, optional Latin
 * diacritic folding — and keeps, for each output code unit, the original range it came from, so hits in
 * the normalised text map back to exact offsets in the original. Text whose characters each normalise
 * to one code unit (most chat text) comes back with `identity` set and offsets unchanged.
 *
 * The text is cut into segments — a code point and the combining marks after it — each normalised on
 * its own; a segment that is one code unit folds through a per-unit table, the rest through a cache, so
 * the cost is a table read per code unit however often a text needs the general path.
 */
export function normaliseText(input: string, options: NormaliseTextOptions = {}): NormalisedText {
  if (!NON_ASCII.test(input)) return { text: input.toLowerCase(), identity: true };
  const foldDiacritics = options.foldDiacritics ?? false;
  const length = input.length;
  // Plain arrays, not typed arrays: each typed array allocates an ArrayBuffer, which costs microseconds
  // (more than normalising a whole chat message).
  const units: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let identity = true;
  let index = 0;
  while (index < length) {
    const code = input.charCodeAt(index);
    let end = index + 1;
    if (code >= 0xd800 && code <= 0xdbff && end < length) {
      const low = input.charCodeAt(end);
      if (low >= 0xdc00 && low <= 0xdfff) end++;
    }
    // The combining marks that follow belong to this segment.
    while (end < length) {
      const next = input.codePointAt(end)!;
      if (!isMark(next)) break;
      end += next > 0xffff ? 2 : 1;
    }
    const folded = end === index + 1 ? foldCodeUnit(code, foldDiacritics) : -1;
    if (folded >= 0) {
      units.push(folded);
      starts.push(index);
      ends.push(end);
    } else {
      const segment = input.slice(index, end);
      const normalised = normaliseSegmentCached(segment, foldDiacritics);
      // Offsets stay one to one only when each unit maps to the unit at the same place.
      if (normalised.length !== segment.length || (segment.length > 1 && normalised !== segment)) {
        identity = false;
      }
      for (let unit = 0; unit < normalised.length; unit++) {
        units.push(normalised.charCodeAt(unit));
        starts.push(index);
        ends.push(end);
      }
    }
    index = end;
  }
  let text = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let start = 0; start < units.length; start += 8192) {
    const slice = start === 0 && units.length <= 8192 ? units : units.slice(start, start + 8192);
    text += String.fromCharCode.apply(null, slice);
  }
  if (identity) return { text, identity: true };
  return { text, identity: false, originalStart: starts, originalEnd: ends };
}

/** Maps a range of the normalised text back to the original text. */
export function originalRange(normalised: NormalisedText, start: number, end: number): [number, number] {
  if (normalised.identity) return [start, end];
  return [normalised.originalStart![start]!, normalised.originalEnd![end - 1]!];
}
