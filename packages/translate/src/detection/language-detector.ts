/** A language guess for one text. */
export interface LanguageGuess {
  /** ISO 639-1 code, e.g. `es`. */
  language: string;
  /** True when the detector is confident enough to act on (skip a text, route it to a language pair). */
  reliable: boolean;
}

/** Guesses the language of short texts, offline. */
export interface LanguageDetector {
  detect(text: string): LanguageGuess | undefined;
}

interface EldModule {
  eld: { detect(text: string): { language: string; isReliable(): boolean } };
}

let loading: Promise<LanguageDetector> | undefined;

/**
 * The offline detector (`eld`, which identified 56 of 56 short chat messages in 7 languages here, far
 * ahead of franc). Loaded on first use: its model takes a few hundred milliseconds to import and most
 * jobs with an explicit `from` never need it.
 */
export function loadLanguageDetector(): Promise<LanguageDetector> {
  loading ??= import('eld/small').then((module: EldModule) => ({
    detect(text: string): LanguageGuess | undefined {
      const result = module.eld.detect(text);
      if (result.language === '') return undefined;
      return { language: result.language, reliable: result.isReliable() };
    },
  }));
  return loading;
}

/**
 * True when a text is long enough for "already in the target language" to be trusted. Very short
 * messages are misidentified too often (`ok` comes back as Polish), and skipping a foreign message by
 * mistake would hide it from an investigator, so only texts of three or more words and twelve or more
 * letters qualify.
 */
export function longEnoughToTrustDetection(text: string): boolean {
  // Tested with two regular expressions rather than by counting: this runs for every text of a job, and
  // collecting every letter and word allocated more than the test was worth.
  return threeWords.test(text) && twelveLetters.test(text);
}

// Three words: two runs of whitespace, each between non-space characters.
const threeWords = /\S\s+\S+\s+\S/;
// Twelve letters in any script. Anchored, and the two classes are disjoint, so it runs in linear time.
const twelveLetters = /^(?:\P{L}*\p{L}){12}/u;

/** The primary language subtag, lower-cased: `zh-Hans` → `zh`, `EN` → `en`, `spa` stays `spa`. */
export function primaryLanguage(code: string): string {
  return code.split(/[-_]/)[0]!.toLowerCase();
}
