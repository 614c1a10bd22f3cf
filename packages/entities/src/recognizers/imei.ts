import { luhnValid } from '../checksums/luhn';
import type { Finding } from '../finding';
import type { Recognizer } from './recognizer';

// Cheap test first: texts without 8 digits cannot hold one, and most chat messages have none.
const DIGITS_HINT_TRIGGER = /\d{2}[ -]?\d{6}/;

// 15 digits, compact or as TAC/SNR/CD groups (35-209900-176148-1, 35 209900 176148 1).
const CANDIDATE = /(?<![\p{L}\p{N}_.,-])\d{2}([ -]?)\d{6}\1\d{6}\1\d(?![\p{L}\p{N}_]|[.,-]\d)/gu;
const IMEI_LABEL = /imei|handset|serial/i;

/**
 * IMEIs (3GPP TS 23.003): 8-digit TAC, 6-digit serial and a Luhn check digit. A 15-digit Luhn number
 * that starts like an American Express or UATP card ("34", "37", "1") is reported as an IMEI only after
 * an "IMEI" label; IMEISVs (16 digits) carry no check digit and are not reported. Normalised to the digits.
 */
export function createImeiRecognizer(): Recognizer {
  return {
    name: 'imei',
    types: ['imei'],
    needs: { minDigits: 15 },
    find(text) {
      if (!DIGITS_HINT_TRIGGER.test(text)) return [];
      const findings: Finding[] = [];
      for (const match of text.matchAll(CANDIDATE)) {
        const digits = match[0].replace(/\D/g, '');
        if (!luhnValid(digits)) continue;
        const labelled = IMEI_LABEL.test(text.slice(Math.max(0, match.index - 24), match.index));
        if (!labelled && /^(?:3[47]|1)/.test(digits)) continue;
        findings.push({
          type: 'imei',
          text: match[0],
          start: match.index,
          end: match.index + match[0].length,
          normalized: digits,
          // Above a 15-digit card (0.9): a Luhn-valid 15-digit number outside card ranges is an IMEI.
          confidence: 0.95,
          recognizer: 'imei',
          validated: true,
        });
      }
      return findings;
    },
  };
}
