/**
 * The writing systems the quality checks tell apart. `japanese` counts kana and the Han characters of a
 * Japanese text together, and `han` is Chinese; an untyped letter is `other`.
 */
export type Script =
  | 'latin'
  | 'cyrillic'
  | 'greek'
  | 'arabic'
  | 'hebrew'
  | 'han'
  | 'kana'
  | 'hangul'
  | 'thai'
  | 'devanagari'
  | 'bengali'
  | 'georgian'
  | 'armenian'
  | 'ethiopic'
  | 'other';

// Tested in this order; Latin first because most letters of most exports are Latin.
const scriptPatterns: ReadonlyArray<[Script, RegExp]> = [
  ['latin', /\p{Script=Latin}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['han', /\p{Script=Han}/u],
  ['kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['hangul', /\p{Script=Hangul}/u],
  ['greek', /\p{Script=Greek}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
  ['thai', /\p{Script=Thai}/u],
  ['devanagari', /\p{Script=Devanagari}/u],
  ['bengali', /\p{Script=Bengali}/u],
  ['georgian', /\p{Script=Georgian}/u],
  ['armenian', /\p{Script=Armenian}/u],
  ['ethiopic', /\p{Script=Ethiopic}/u],
];

const letter = /\p{L}/u;

/** The script of one letter (one code point). */
export function scriptOfLetter(character: string): Script {
  // The blocks most letters of most exports are in, by code point: no regular expression per letter.
  const code = character.codePointAt(0) ?? 0;
  if (code < 0x250) return 'latin';
  if (code >= 0x400 && code < 0x500) return 'cyrillic';
  if (code >= 0x600 && code < 0x700) return 'arabic';
  if (code >= 0x4e00 && code < 0xa000) return 'han';
  for (const [script, pattern] of scriptPatterns) if (pattern.test(character)) return script;
  return 'other';
}

/** Letters per script in `text` (digits, punctuation, emoji and spaces are not letters). */
export function countScripts(text: string): Map<Script, number> {
  const counts = new Map<Script, number>();
  for (const character of text) {
    const code = character.charCodeAt(0);
    // ASCII letters without a regular expression; anything else asks Unicode whether it is a letter.
    const isLetter =
      code < 0x80 ? (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) : letter.test(character);
    if (!isLetter) continue;
    const script = scriptOfLetter(character);
    counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  return counts;
}

// Any character outside Basic Latin to Latin Extended-B: without one, a text has at most one script.
const beyondLatin = /[\u0250-\u{10ffff}]/u;

/** True when `text` has characters outside the Latin blocks, so it may hold letters of another script. */
export function mayHoldOtherScripts(text: string): boolean {
  return beyondLatin.test(text);
}

/** The script most letters of `text` are in, and its share of the letters; absent without letters. */
export function dominantScript(text: string): { script: Script; share: number; letters: number } | undefined {
  const counts = countScripts(text);
  let total = 0;
  let best: [Script, number] | undefined;
  for (const [script, count] of counts) {
    total += count;
    if (best === undefined || count > best[1]) best = [script, count];
  }
  return best === undefined ? undefined : { script: best[0], share: best[1] / total, letters: total };
}

const languageScripts: Record<string, Script> = {
  ar: 'arabic',
  fa: 'arabic',
  ur: 'arabic',
  ps: 'arabic',
  ckb: 'arabic',
  ug: 'arabic',
  ru: 'cyrillic',
  uk: 'cyrillic',
  bg: 'cyrillic',
  be: 'cyrillic',
  mk: 'cyrillic',
  kk: 'cyrillic',
  ky: 'cyrillic',
  mn: 'cyrillic',
  tg: 'cyrillic',
  el: 'greek',
  he: 'hebrew',
  yi: 'hebrew',
  zh: 'han',
  ja: 'kana',
  ko: 'hangul',
  th: 'thai',
  hi: 'devanagari',
  mr: 'devanagari',
  ne: 'devanagari',
  bn: 'bengali',
  ka: 'georgian',
  hy: 'armenian',
  am: 'ethiopic',
  ti: 'ethiopic',
};

/**
 * The script a language is usually written in, from its primary subtag: `ar` → arabic, `ja` → kana (a
 * Japanese text is mostly Han and kana), anything not listed → latin. Serbian (`sr`) is written in both
 * Cyrillic and Latin and counts as latin unless tagged `sr-Cyrl`.
 */
export function scriptOfLanguage(code: string): Script {
  const lower = code.toLowerCase();
  if (/-cyrl\b/.test(lower)) return 'cyrillic';
  if (/-latn\b/.test(lower)) return 'latin';
  return languageScripts[lower.split(/[-_]/)[0]!] ?? 'latin';
}

/**
 * Two scripts that belong to one language's writing: Japanese mixes Han with kana, Korean sometimes
 * writes Hanja (Han) beside Hangul.
 */
export function scriptsWriteTogether(a: Script, b: Script): boolean {
  const pair = new Set([a, b]);
  return pair.has('han') && (pair.has('kana') || pair.has('hangul'));
}
