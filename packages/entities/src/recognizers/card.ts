import { luhnValid } from '../checksums/luhn';
import type { Finding } from '../finding';
import type { Recognizer } from './recognizer';

// Cheap test first: texts without 12 digits cannot hold one, and most chat messages have none.
const DIGITS_HINT_TRIGGER = /\d(?:[ -]?\d){11}/;

// 12–19 digits, optionally grouped with single spaces or dashes.
const CANDIDATE = /(?<![\p{L}\p{N}_.,-])\d(?:[ -]?\d){11,18}(?![\p{L}\p{N}_]|[.,-]\d)/gu;

/** Issuer identification ranges (ISO/IEC 7812 IINs as published by the schemes) and their lengths. */
const ISSUERS: ReadonlyArray<{ name: string; prefix: RegExp; lengths: readonly number[] }> = [
  { name: 'visa', prefix: /^4/, lengths: [13, 16, 19] },
  { name: 'mastercard', prefix: /^(?:5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/, lengths: [16] },
  { name: 'amex', prefix: /^3[47]/, lengths: [15] },
  { name: 'discover', prefix: /^(?:6011|64[4-9]|65)/, lengths: [16, 17, 18, 19] },
  { name: 'jcb', prefix: /^35(?:2[89]|[3-8]\d)/, lengths: [16, 17, 18, 19] },
  { name: 'diners', prefix: /^(?:30[0-5]|309|36|3[89])/, lengths: [14, 15, 16, 17, 18, 19] },
  { name: 'unionpay', prefix: /^62/, lengths: [16, 17, 18, 19] },
  { name: 'maestro', prefix: /^(?:5[06-9]|6\d)/, lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
  { name: 'mir', prefix: /^220[0-4]/, lengths: [16, 17, 18, 19] },
  { name: 'uatp', prefix: /^1/, lengths: [15] },
];

/** The card scheme of a digit string, or undefined when no issuer range and length fit. */
export function cardIssuer(digits: string): string | undefined {
  return ISSUERS.find((issuer) => issuer.prefix.test(digits) && issuer.lengths.includes(digits.length))?.name;
}

/**
 * Payment card numbers: an issuer range with its lengths, and the Luhn check. Groups must be
 * consistent with how cards are printed (no group longer than 6 digits), so long reference numbers with
 * odd grouping are left alone. Normalised to the digits.
 */
export function createCardRecognizer(): Recognizer {
  return {
    name: 'card',
    types: ['card'],
    needs: { minDigits: 12 },
    find(text) {
      if (!DIGITS_HINT_TRIGGER.test(text)) return [];
      const findings: Finding[] = [];
      for (const match of text.matchAll(CANDIDATE)) {
        const candidate = match[0];
        const groups = candidate.split(/[ -]/);
        if (groups.length > 1 && groups.some((group) => group.length > 6 || group.length < 3)) continue;
        const digits = groups.join('');
        if (cardIssuer(digits) === undefined || !luhnValid(digits)) continue;
        findings.push({
          type: 'card',
          text: candidate,
          start: match.index,
          end: match.index + candidate.length,
          normalized: digits,
          confidence: digits.length === 15 ? 0.9 : 0.95,
          recognizer: 'card',
          validated: true,
        });
      }
      return findings;
    },
  };
}
