import { longEnoughToTrustDetection, primaryLanguage } from '../detection/language-detector';
import { letterCount, normaliseForComparison, wordsOf } from './normalise-text';
import { dominantScript, scriptOfLanguage, scriptsWriteTogether } from './text-script';

/** One translated text, as the untranslated check sees it. */
export interface UntranslatedCheckInput {
  source: string;
  translation: string;
  /** Source language, given or detected; absent when unknown. */
  from?: string;
  to: string;
}

/** An output equal to its source is flagged only with at least this many letters (`ok` → `ok` is fine). */
export const minimumUnchangedLetters = 4;

/**
 * Share of the output's words found in the source at or above which a same-script output is checked
 * with the language detector: an output that shares few words with its source is not a copy of it.
 */
export const copiedWordsShare = 0.5;

/**
 * What the untranslated check concludes without the language detector: `untranslated`, `translated`, or
 * `ask-detector` when only a detector can tell (same script on both sides, many words in common).
 *
 * - The output equals the source once whitespace, case and Unicode forms are normalised, with at least
 *   {@link minimumUnchangedLetters} letters: `untranslated`.
 * - The pair changes script (Arabic → English) and most of the output's letters are still in the source
 *   language's script: `untranslated`, no detector needed.
 * - The pair shares a script (Spanish → English), the languages differ, the output is long enough to
 *   trust a detector (three words, twelve letters) and at least {@link copiedWordsShare} of its words
 *   are in the source: `ask-detector`.
 */
export function checkUntranslated(
  input: UntranslatedCheckInput,
): 'untranslated' | 'translated' | 'ask-detector' {
  const { source, translation, from, to } = input;
  if (mayBeEqual(source, translation)) {
    const normalisedOutput = normaliseForComparison(translation);
    if (
      normalisedOutput === normaliseForComparison(source) &&
      letterCount(normalisedOutput) >= minimumUnchangedLetters
    )
      return 'untranslated';
  }
  if (from === undefined || primaryLanguage(from) === primaryLanguage(to)) return 'translated';
  const sourceScript = scriptOfLanguage(from);
  const targetScript = scriptOfLanguage(to);
  if (sourceScript !== targetScript && !scriptsWriteTogether(sourceScript, targetScript)) {
    const output = dominantScript(translation);
    const stillSource =
      output !== undefined &&
      output.letters >= minimumUnchangedLetters &&
      output.share >= 0.5 &&
      (output.script === sourceScript || scriptsWriteTogether(output.script, sourceScript)) &&
      !scriptsWriteTogether(output.script, targetScript);
    return stillSource ? 'untranslated' : 'translated';
  }
  if (!longEnoughToTrustDetection(translation)) return 'translated';
  const sourceWords = new Set(wordsOf(source));
  const outputWords = wordsOf(translation);
  const shared = outputWords.filter((word) => sourceWords.has(word)).length;
  return outputWords.length > 0 && shared / outputWords.length >= copiedWordsShare
    ? 'ask-detector'
    : 'translated';
}

/**
 * False when the two cannot be equal once normalised: their lengths without whitespace differ by more
 * than a quarter (Unicode normalisation changes a length only slightly), which spares normalising most pairs.
 */
function mayBeEqual(source: string, translation: string): boolean {
  const a = source.replace(/\s+/gu, '').length;
  const b = translation.replace(/\s+/gu, '').length;
  return Math.abs(a - b) <= Math.max(a, b) / 4;
}

/** The detector's verdict on an `ask-detector` output: untranslated when it reliably reads as the source language. */
export function stillInSourceLanguage(
  guess: { language: string; reliable: boolean } | undefined,
  from: string,
): boolean {
  return guess?.reliable === true && primaryLanguage(guess.language) === primaryLanguage(from);
}
