import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Finding } from '../finding';
import type { Recognizer } from './recognizer';

// Cheap test first: texts without a run of 7 digits cannot hold one, and most chat messages have none.
const SEVEN_DIGITS_TRIGGER = /\d(?:[ .()-]{0,2}\d){6}/;

// Candidates are found with one regex and parsed one by one: libphonenumber-js's own text scanner
// (findNumbers) measured about 1 MB/s here, and a cheap candidate pass keeps the recognizers above 20 MB/s.
// A candidate is an optional + or 00, then digits with single spaces, dots, dashes or brackets between.
const CANDIDATE =
  /(?<![\p{L}\p{N}\p{M}_+.,/:#-])(?:\+ ?|00)?(?:\(\d{1,5}\) ?|\d)(?:[ .-]?\(?\d\)?){5,17}(?![\p{L}\p{N}_]|[.,/:-]\d)/gu;

// Shapes that are never phone numbers even when their digit count fits: dates, decimal numbers, IPv4.
const DATE_LIKE = /^(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2})$/;
const DECIMAL_LIKE = /^\d{1,3}(?:[.,]\d{3})*[.,]\d{1,2}$|^\d+\.\d+\.\d+\.\d+$/;

// Regions where a national number is always written with its trunk 0 ("07911…", "030…"). Without it, a
// digit string there is not a national phone number (it may be a valid one elsewhere: fallbackRegions).
const TRUNK_ZERO_REGIONS = new Set([
  'GB',
  'IE',
  'DE',
  'AT',
  'CH',
  'FR',
  'BE',
  'NL',
  'TR',
  'PK',
  'IN',
  'AU',
  'NZ',
  'ZA',
  'NG',
  'AE',
  'SA',
  'EG',
  'JP',
  'KR',
  'CN',
  'BR',
  'AR',
  'IR',
  'IQ',
  'AF',
  'BD',
  'LK',
  'TH',
  'VN',
  'ID',
  'MY',
  'PH',
  'SE',
  'FI',
  'GR',
]);

interface ParsedCandidate {
  e164: string;
  valid: boolean;
}

/** Options of {@link createPhoneRecognizer}. */
export interface PhoneRecognizerOptions {
  /**
   * Report numbers libphonenumber-js calls possible but not valid (Ofcom drama numbers, unassigned
   * ranges) with confidence 0.4. Default true: investigators want them.
   */
  possible?: boolean;
  /**
   * More regions to read a national-format number in when it is not valid in the main region (e.g.
   * `['US', 'IN']` for a case with American and Indian contacts). Only numbers valid there are reported.
   */
  fallbackRegions?: readonly CountryCode[];
}

/**
 * Phone numbers, validated with libphonenumber-js's full ("max") metadata and normalised to E.164.
 * National-format numbers are read in the context's region (GB by default); international ones in any.
 * Valid numbers score 0.9; possible-but-invalid ones 0.4 and `validated: false`, and only when they are
 * written like phone numbers (with + or 00, the trunk 0, or a bracketed area code) so that bare
 * reference numbers are not reported.
 */
export function createPhoneRecognizer(options: PhoneRecognizerOptions = {}): Recognizer {
  const includePossible = options.possible ?? true;
  const fallbackRegions = options.fallbackRegions ?? [];
  const cache = new Map<string, ParsedCandidate | null>();

  const parse = (candidate: string, region: CountryCode): ParsedCandidate | null => {
    const key = `${region}|${candidate}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const phone = parsePhoneNumberFromString(
      candidate.startsWith('00') ? `+${candidate.slice(2)}` : candidate,
      {
        defaultCountry: region,
      },
    );
    const result = phone?.isPossible() ? { e164: phone.number, valid: phone.isValid() } : null;
    // Exports repeat the same few numbers thousands of times; a bounded cache spares the parse.
    if (cache.size > 10_000) cache.clear();
    cache.set(key, result);
    return result;
  };

  return {
    name: 'phone',
    types: ['phone'],
    needs: { minDigits: 7 },
    find(text, context) {
      if (!SEVEN_DIGITS_TRIGGER.test(text)) return [];
      const findings: Finding[] = [];
      for (const match of text.matchAll(CANDIDATE)) {
        let candidate = match[0];
        let start = match.index;
        // A trailing ")" not opened inside the candidate belongs to the sentence.
        if (candidate.endsWith(')') && !candidate.includes('(')) candidate = candidate.slice(0, -1);
        const leadingBracket = candidate.startsWith('(') && !candidate.slice(1).includes(')');
        if (leadingBracket) {
          candidate = candidate.slice(1);
          start += 1;
        }
        if (DATE_LIKE.test(candidate) || DECIMAL_LIKE.test(candidate)) continue;
        const digits = candidate.replace(/\D/g, '');
        if (digits.length < 7 || digits.length > 15) continue;
        const international = candidate.startsWith('+') || candidate.startsWith('00');
        const trunkMissing = TRUNK_ZERO_REGIONS.has(context.region) && !/^\(?0/.test(candidate);
        let parsed = international || !trunkMissing ? parse(candidate, context.region) : null;
        if (!international && parsed?.valid !== true) {
          for (const region of fallbackRegions) {
            const other = parse(candidate, region);
            if (other?.valid) {
              parsed = other;
              break;
            }
          }
        }
        if (parsed === null) continue;
        if (!parsed.valid) {
          if (!includePossible) continue;
          if (!international && !candidate.startsWith('0') && !candidate.startsWith('(')) continue;
        }
        findings.push({
          type: 'phone',
          text: candidate,
          start,
          end: start + candidate.length,
          normalized: parsed.e164,
          confidence: parsed.valid ? 0.9 : 0.4,
          recognizer: 'phone',
          validated: parsed.valid,
        });
      }
      return findings;
    },
  };
}
