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
  originalStart?: Int32Array;
  originalEnd?: Int32Array;
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

const markCache = new Map<number, boolean>();

function isMark(code: number): boolean {
  let mark = markCache.get(code);
  if (mark === undefined) {
    mark = MARKS.test(String.fromCharCode(code));
    markCache.set(code, mark);
  }
  return mark;
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

/**
 * The one-to-one fast path: when every character normalises to exactly one code unit (plain Latin,
 * precomposed accents, Cyrillic, CJK…) offsets are unchanged. Undefined when some character does not.
 */
function normaliseOneToOne(input: string, foldDiacritics: boolean): string | undefined {
  const units = new Uint16Array(input.length);
  for (let index = 0; index < input.length; index++) {
    const folded = foldCodeUnit(input.charCodeAt(index), foldDiacritics);
    if (folded < 0) return undefined;
    units[index] = folded;
  }
  let output = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let start = 0; start < units.length; start += 8192) {
    output += String.fromCharCode(...units.subarray(start, start + 8192));
  }
  return output;
}

/**
 * Normalises text for keyword matching — NFKC, lower case, Arabic unification, optional Latin
 * diacritic folding — and keeps, for each output code unit, the original range it came from, so hits in
 * the normalised text map back to exact offsets in the original. Text whose characters each normalise
 * to one code unit (most chat text) takes a fast path with offsets unchanged.
 */
export function normaliseText(input: string, options: NormaliseTextOptions = {}): NormalisedText {
  if (!NON_ASCII.test(input)) return { text: input.toLowerCase(), identity: true };
  const foldDiacritics = options.foldDiacritics ?? false;
  const oneToOne = normaliseOneToOne(input, foldDiacritics);
  if (oneToOne !== undefined) return { text: oneToOne, identity: true };
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let index = 0;
  while (index < input.length) {
    const code = input.charCodeAt(index);
    if (code < 0x80 && !markAt(input, index + 1)) {
      // An ASCII run maps one to one (up to a letter that takes a combining mark).
      let end = index + 1;
      while (end < input.length && input.charCodeAt(end) < 0x80 && !markAt(input, end + 1)) end++;
      parts.push(input.slice(index, end).toLowerCase());
      for (let position = index; position < end; position++) {
        starts.push(position);
        ends.push(position + 1);
      }
      index = end;
      continue;
    }
    // A code point (surrogate pairs included) and the combining marks that follow it.
    let end = index + (code >= 0xd800 && code <= 0xdbff ? 2 : 1);
    while (end < input.length) {
      const next = input.codePointAt(end)!;
      const character = String.fromCodePoint(next);
      if (!MARKS.test(character)) break;
      end += character.length;
    }
    const normalised = normaliseSegment(input.slice(index, end), foldDiacritics);
    parts.push(normalised);
    for (let unit = 0; unit < normalised.length; unit++) {
      starts.push(index);
      ends.push(end);
    }
    index = end;
  }
  return {
    text: parts.join(''),
    identity: false,
    originalStart: Int32Array.from(starts),
    originalEnd: Int32Array.from(ends),
  };
}

/** Whether code unit `index` of `text` is a combining mark (a lone surrogate is not). */
function markAt(text: string, index: number): boolean {
  return index < text.length && isMark(text.charCodeAt(index));
}

/** Maps a range of the normalised text back to the original text. */
export function originalRange(normalised: NormalisedText, start: number, end: number): [number, number] {
  if (normalised.identity) return [start, end];
  return [normalised.originalStart![start]!, normalised.originalEnd![end - 1]!];
}
