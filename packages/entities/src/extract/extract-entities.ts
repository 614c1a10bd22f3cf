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
  return {
    extract(text) {
      if (text.length === 0) return [];
      const found: Finding[] = [];
      let digits = 0;
      for (let index = 0; index < text.length; index++) {
        const code = text.charCodeAt(index);
        if (code >= 48 && code <= 57) digits++;
      }
      for (const recognizer of recognizers) {
        const needs = recognizer.needs;
        if (needs !== undefined) {
          if (needs.minDigits !== undefined && digits < needs.minDigits) continue;
          if (needs.anyOf !== undefined && !hasAnyOf(text, needs.anyOf)) continue;
        }
        for (const finding of recognizer.find(text, context)) {
          if (wanted !== undefined && !wanted.has(finding.type)) continue;
          if (finding.confidence < minConfidence) continue;
          found.push(finding);
        }
      }
      const identifiers = resolveOverlaps(dropDecoys(text, found));
      if (watchlist === undefined) return identifiers;
      const keywords = watchlist.search(text);
      if (keywords.length === 0) return identifiers;
      return [...identifiers, ...keywords].sort((a, b) => a.start - b.start || a.end - b.end);
    },
  };
}

function hasAnyOf(text: string, characters: string): boolean {
  for (const character of characters) if (text.includes(character)) return true;
  return false;
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
