import type { CountryCode } from 'libphonenumber-js/max';
import type { EntityType, Finding } from '../finding';

/** What every recognizer is told about the text it searches. */
export interface RecognizerContext {
  /** Region for national-format phone numbers (ISO 3166-1 alpha-2, e.g. `GB`). */
  region: CountryCode;
}

/**
 * A pattern recognizer: finds one family of identifiers in a text. Recognizers only report what passes
 * their own validation (a failed checksum is never reported); overlaps between recognizers are resolved
 * afterwards by {@link resolveOverlaps}.
 */
export interface Recognizer {
  /** Stable name, recorded on every finding (`Finding.recognizer`). */
  readonly name: string;
  /** The types this recognizer can report. */
  readonly types: readonly EntityType[];
  /**
   * What a text must contain for this recognizer to find anything, so an extractor can skip it without
   * running a regex: at least `minDigits` ASCII digits, one of `anyOf` characters when given, and a run
   * of at least `minAlphanumericRun` ASCII letters and digits in a row (a wallet address) when given.
   * The extractor learns all three in one pass over the text, shared by every recognizer.
   */
  readonly needs?: { minDigits?: number; anyOf?: string; minAlphanumericRun?: number };
  /** Every finding in `text`, in any order, overlaps allowed. */
  find(text: string, context: RecognizerContext): Finding[];
}
