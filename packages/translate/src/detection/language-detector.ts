import { importEld } from './eld-model';
import { startWorkerLanguageDetector } from './worker-language-detector';

/** A language guess for one text. */
export interface LanguageGuess {
  /** ISO 639-1 code, e.g. `es`. */
  language: string;
  /** True when the detector is confident enough to act on (skip a text, route it to a language pair). */
  reliable: boolean;
}

/**
 * Guesses the language of short texts, offline. Asked in batches, asynchronously, so a detector can work
 * off the caller's thread: detection costs more per text than anything else in a translation job.
 */
export interface LanguageDetector {
  /** One guess per text, in order; `undefined` where the detector has none. */
  detectMany(texts: readonly string[]): Promise<Array<LanguageGuess | undefined>>;
}

let loading: Promise<LanguageDetector> | undefined;

/**
 * The offline detector, `eld` (see `importEld`), loaded on first use: most jobs with an explicit `from`
 * never need it. It runs in a worker thread, so a job reads, dedupes and writes on its own thread while
 * the texts are detected on another core; where the worker's file cannot be found (toex bundled into a
 * single file by an application), it runs on the calling thread instead.
 */
export function loadLanguageDetector(): Promise<LanguageDetector> {
  loading ??= startWorkerLanguageDetector({
    // A failed worker fails the job using it; the next job starts a new one.
    onFailure: () => {
      loading = undefined;
    },
  }).then((detector) => detector ?? createInThreadLanguageDetector());
  return loading;
}

/** `eld` on the calling thread. */
export async function createInThreadLanguageDetector(): Promise<LanguageDetector> {
  const eld = await importEld();
  return {
    async detectMany(texts) {
      return texts.map((text) => {
        const result = eld.detect(text);
        return result.language === ''
          ? undefined
          : { language: result.language, reliable: result.isReliable() };
      });
    },
  };
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

/**
 * False when `text` certainly is not written in `language`: so far only for English, whose letters are
 * A to Z, so a text with any other letter (ñ, é, ß, Arabic, Han…) is not English. Lets a job skip asking
 * the detector about most foreign texts when it only wants to know which texts are already in English.
 * Conservative by design: an English text quoting "café" is merely translated, never wrongly skipped.
 */
export function mayBeWrittenIn(text: string, language: string): boolean {
  return language !== 'en' || !nonEnglishLetter.test(text);
}

// A letter other than A to Z, in any script. A lookahead and one class: linear, no allocation.
const nonEnglishLetter = /(?![A-Za-z])\p{L}/u;

/** The primary language subtag, lower-cased: `zh-Hans` → `zh`, `EN` → `en`, `spa` stays `spa`. */
export function primaryLanguage(code: string): string {
  return code.split(/[-_]/)[0]!.toLowerCase();
}
