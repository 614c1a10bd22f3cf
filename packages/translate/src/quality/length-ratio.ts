import { primaryLanguage } from '../detection/language-detector';
import { codePointLength } from './normalise-text';
import { dominantScript, type Script } from './text-script';

/**
 * Characters a language needs for what English says in 1, roughly (code points). From localisation
 * practice: Romance and Germanic languages run 15–30% longer than English, Chinese and Japanese text
 * about a third to a half as long, Korean about half. Only the ratio between the two sides of a pair is
 * used, to centre the accepted band; the band is wide enough that these need only be rough.
 */
const languageLength: Record<string, number> = {
  en: 1,
  es: 1.2,
  pt: 1.2,
  fr: 1.2,
  it: 1.15,
  ca: 1.15,
  ro: 1.15,
  de: 1.2,
  nl: 1.15,
  pl: 1.1,
  ru: 1.1,
  uk: 1.1,
  ar: 0.9,
  fa: 0.95,
  ur: 1,
  he: 0.8,
  tr: 1.05,
  zh: 0.35,
  ja: 0.45,
  ko: 0.5,
  th: 0.95,
  hi: 1.05,
  vi: 1.15,
};

const scriptLength: Partial<Record<Script, number>> = {
  han: 0.35,
  kana: 0.45,
  hangul: 0.5,
  arabic: 0.9,
  hebrew: 0.8,
};

/** Texts shorter than this (code points, source side) are never judged on length: short chat lines vary too much. */
export const minimumLengthCheckedCodePoints = 20;

/**
 * The accepted band of output length ÷ source length, as multiples of the pair's expected ratio: an
 * output under half or over twice what the pair predicts is flagged `length`.
 */
export const lengthBand = { lower: 0.5, upper: 2 } as const;

/**
 * Code points a language needs relative to English: the language's own figure when listed, else its
 * script's (Han, kana, Hangul, Arabic, Hebrew), else 1.1 (an average of Latin, Cyrillic and Greek
 * languages). `text` gives the script when the language is not known.
 */
export function relativeLength(language: string | undefined, text: string): number {
  if (language !== undefined) {
    const listed = languageLength[primaryLanguage(language)];
    if (listed !== undefined) return listed;
  }
  const script = dominantScript(text)?.script;
  return (script === undefined ? undefined : scriptLength[script]) ?? 1.1;
}

/** Output length ÷ source length in code points, and the ratio the pair predicts. */
export function lengthRatio(
  source: string,
  translation: string,
  from: string | undefined,
  to: string,
): { ratio: number; expected: number; sourceLength: number } {
  const sourceLength = codePointLength(source.trim());
  const ratio = sourceLength === 0 ? 0 : codePointLength(translation.trim()) / sourceLength;
  return { ratio, expected: relativeLength(to, translation) / relativeLength(from, source), sourceLength };
}
