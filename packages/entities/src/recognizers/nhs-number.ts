import { nhsNumberValid } from '../checksums/mod11';
import type { Finding } from '../finding';
import type { Recognizer } from './recognizer';

// Cheap test first: texts without 10 digits cannot hold one, and most chat messages have none.
const DIGITS_HINT_TRIGGER = /\d{3}[ -]?\d{3}[ -]?\d{4}/;

// 10 digits, compact or printed 3-3-4 with spaces or dashes.
const CANDIDATE = /(?<![\p{L}\p{N}_.,+-])\d{3}([ -]?)\d{3}\1\d{4}(?![\p{L}\p{N}_]|[.,-]\d)/gu;

/** NHS numbers (England, Wales, Isle of Man), modulus-11 validated; normalised to the 10 digits. */
export function createNhsNumberRecognizer(): Recognizer {
  return {
    name: 'nhs-number',
    types: ['nhs-number'],
    needs: { minDigits: 10 },
    find(text) {
      if (!DIGITS_HINT_TRIGGER.test(text)) return [];
      const findings: Finding[] = [];
      for (const match of text.matchAll(CANDIDATE)) {
        const digits = match[0].replace(/\D/g, '');
        if (!nhsNumberValid(digits)) continue;
        findings.push({
          type: 'nhs-number',
          text: match[0],
          start: match.index,
          end: match.index + match[0].length,
          normalized: digits,
          // A mod-11 check passes one random number in eleven: strong, but below a phone libphonenumber
          // calls valid (0.9) when both read the same digits.
          confidence: 0.85,
          recognizer: 'nhs-number',
          validated: true,
        });
      }
      return findings;
    },
  };
}
