import { ConfigurationError } from '@toex/core';
import { type CountryCode, isSupportedCountry } from 'libphonenumber-js/max';
import type { EntityType, Finding } from '../finding';
import type { Watchlist } from '../keywords/watchlist';
import { defaultRecognizers } from '../recognizers/default-recognizers';
import type { PhoneRecognizerOptions } from '../recognizers/phone';
import type { Recognizer, RecognizerContext } from '../recognizers/recognizer';
import { dropDecoys } from './decoys';
import { resolveOverlaps } from './resolve-overlaps';

/** Options of {@link createEntityExtractor} and {@link extractEntities}. */
export interface ExtractEntitiesOptions {
  /** Region for national-format phone numbers (ISO 3166-1 alpha-2). Default `GB`. */
  region?: CountryCode;
  /** Only report these types. Default: every type the recognizers know. */
  types?: readonly EntityType[];
  /** The recognizers to run. Default: {@link defaultRecognizers}. */
  recognizers?: readonly Recognizer[];
  /** Options for the default phone recognizer. */
  phone?: PhoneRecognizerOptions;
  /** A keyword watchlist to search as well; its hits are `keyword` findings. */
  watchlist?: Watchlist;
  /** Drop findings below this confidence. Default 0 (keep all). */
  minConfidence?: number;
}

/** A reusable extractor: recognizers are built once (and keep their caches) for many texts. */
export interface EntityExtractor {
  /** Every finding in `text`, overlaps resolved, in text order. */
  extract(text: string): Finding[];
}

/**
 * Builds an extractor. Identifier findings are validated by their recognizers, dates, times and
 * order numbers are dropped, and overlaps are resolved (see {@link resolveOverlaps}). Keyword hits are
 * added after, and may overlap identifiers: a watchlisted phone number is both.
 */
export function createEntityExtractor(options: ExtractEntitiesOptions = {}): EntityExtractor {
  const wanted = options.types === undefined ? undefined : new Set(options.types);
  const recognizers = (options.recognizers ?? defaultRecognizers({ phone: options.phone })).filter(
    (recognizer) => wanted === undefined || recognizer.types.some((type) => wanted.has(type)),
  );
  const region = options.region ?? 'GB';
  if (!isSupportedCountry(region)) {
    throw new ConfigurationError({
      code: 'unknown_region',
      setting: 'region',
      message: `"${region}" is not a region libphonenumber knows. Use an ISO 3166-1 alpha-2 code such as GB (not UK), US or DE.`,
    });
  }
  const context: RecognizerContext = { region };
  const minConfidence = options.minConfidence ?? 0;
  const watchlist = wanted === undefined || wanted.has('keyword') ? options.watchlist : undefined;
  // Every `anyOf` character of every recognizer, each a bit in the gates' masks.
  const triggers: string[] = [];
  const gates = recognizers.map((recognizer) => compileNeeds(recognizer.needs, triggers));
  return {
    extract(text) {
      if (text.length === 0) return [];
      let found: Finding[] | undefined;
      // One pass for what the gates need: ASCII digits and the longest run of ASCII letters and digits.
      let digits = 0;
      let run = 0;
      let longestRun = 0;
      for (let index = 0; index < text.length; index++) {
        const code = text.charCodeAt(index);
        const kind = code < 0x80 ? ASCII_KIND[code]! : 0;
        if (kind === 0) {
          run = 0;
          continue;
        }
        digits += kind & DIGIT;
        if (++run > longestRun) longestRun = run;
      }
      // Trigger characters are looked up once per text, when a gate first asks (includes() is native).
      let known = 0;
      let present = 0;
      for (let position = 0; position < recognizers.length; position++) {
        const gate = gates[position]!;
        if (digits < gate.minDigits || longestRun < gate.minAlphanumericRun) continue;
        if (gate.anyOf !== 0) {
          let unknown = gate.anyOf & ~known;
          while (unknown !== 0) {
            const bit = unknown & -unknown;
            if (text.includes(triggers[31 - Math.clz32(bit)]!)) present |= bit;
            known |= bit;
            unknown &= ~bit;
          }
          if ((present & gate.anyOf) === 0) continue;
        }
        for (const finding of recognizers[position]!.find(text, context)) {
          if (wanted !== undefined && !wanted.has(finding.type)) continue;
          if (finding.confidence < minConfidence) continue;
          found ??= [];
          found.push(finding);
        }
      }
      const identifiers = found === undefined ? [] : resolveOverlaps(dropDecoys(text, found));
      if (watchlist === undefined) return identifiers;
      const keywords = watchlist.search(text);
      if (keywords.length === 0) return identifiers;
      return [...identifiers, ...keywords].sort((a, b) => a.start - b.start || a.end - b.end);
    },
  };
}

const DIGIT = 1; // a bit: `kind & DIGIT` counts digits without a branch
const LETTER = 2;
// ASCII code → 1 digit, 2 letter, 0 anything else.
const ASCII_KIND = new Uint8Array(0x80);
for (let code = 48; code <= 57; code++) ASCII_KIND[code] = DIGIT;
for (let code = 65; code <= 90; code++) ASCII_KIND[code] = LETTER;
for (let code = 97; code <= 122; code++) ASCII_KIND[code] = LETTER;

/** A recognizer's `needs`, ready to test against a text's profile. */
interface Gate {
  minDigits: number;
  minAlphanumericRun: number;
  /** The `anyOf` characters as bits, by position in the extractor's trigger list; 0 when none needed. */
  anyOf: number;
}

function compileNeeds(needs: Recognizer['needs'], triggers: string[]): Gate {
  let anyOf = 0;
  for (const character of needs?.anyOf ?? '') {
    let position = triggers.indexOf(character);
    if (position < 0) position = triggers.push(character) - 1;
    if (position >= 31) {
      // More trigger characters than bits (custom recognizers): this one is not gated on characters.
      anyOf = 0;
      break;
    }
    anyOf |= 1 << position;
  }
  return { minDigits: needs?.minDigits ?? 0, minAlphanumericRun: needs?.minAlphanumericRun ?? 0, anyOf };
}

let shared: EntityExtractor | undefined;

/**
 * Every identifier (and, given a watchlist, keyword) in `text`, as {@link Finding}s in text order.
 * With no options a shared extractor is reused; pass options, or use {@link createEntityExtractor}
 * for many texts with the same options.
 *
 * @example
 * ```ts
 * extractEntities('Ring 07911 123456 or pay GB29 NWBK 6016 1331 9268 19');
 * // [{ type: 'phone', text: '07911 123456', normalized: '+447911123456', … },
 * //  { type: 'iban', text: 'GB29 NWBK 6016 1331 9268 19', normalized: 'GB29NWBK60161331926819', … }]
 * ```
 */
export function extractEntities(text: string, options?: ExtractEntitiesOptions): Finding[] {
  if (options === undefined) {
    shared ??= createEntityExtractor();
    return shared.extract(text);
  }
  return createEntityExtractor(options).extract(text);
}
