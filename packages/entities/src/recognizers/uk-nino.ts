import type { Finding } from '../finding';
import type { Recognizer } from './recognizer';

// Cheap test first: texts without a letter and two digits cannot hold one, and most chat messages have none.
const NINO_HINT_TRIGGER = /[A-Za-z] ?\d{2}/;

// HMRC NIM39110: two letters, six digits, a final A–D. D, F, I, Q, U, V are never the first or second
// letter; O is never the second; BG, GB, KN, NK, NT, TN and ZZ are never used. No check digit exists.
const NINO =
  /(?<![\p{L}\p{N}_])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2}( ?)\d{2}\1\d{2} ?[A-D](?![\p{L}\p{N}_])/giu;

/**
 * UK National Insurance numbers by HMRC's prefix rules, in upper or lower case, compact or spaced in
 * pairs. Shape only (no checksum exists), 0.8. Normalised to compact upper case.
 */
export function createUkNinoRecognizer(): Recognizer {
  return {
    name: 'uk-nino',
    types: ['uk-nino'],
    needs: { minDigits: 6 },
    find(text) {
      if (!NINO_HINT_TRIGGER.test(text)) return [];
      const findings: Finding[] = [];
      for (const match of text.matchAll(NINO)) {
        findings.push({
          type: 'uk-nino',
          text: match[0],
          start: match.index,
          end: match.index + match[0].length,
          normalized: match[0].replace(/ /g, '').toUpperCase(),
          confidence: 0.8,
          recognizer: 'uk-nino',
          validated: false,
        });
      }
      return findings;
    },
  };
}
