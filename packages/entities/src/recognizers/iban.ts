import { ibanRemainder } from '../checksums/mod97';
import type { Finding } from '../finding';
import { IBAN_FORMATS } from './iban-formats';
import type { Recognizer } from './recognizer';

// Cheap test first: texts without two letters and two digits cannot hold one, and most chat messages have none.
const IBAN_HINT_TRIGGER = /[A-Za-z]{2}\d{2}/;

// A country code, two check digits, then letters and digits with optional single spaces or dashes.
const CANDIDATE = /(?<![\p{L}\p{N}_])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){10,32}/giu;

/**
 * IBANs: the country's length and BBAN structure from the SWIFT registry, then the ISO 7064 MOD 97-10
 * check. Written compact, grouped in fours, or in lower case; normalised to compact upper case. The
 * IBAN ends where its country's length does, so a following word is never swallowed.
 */
export function createIbanRecognizer(): Recognizer {
  return {
    name: 'iban',
    types: ['iban'],
    needs: { minDigits: 4 },
    find(text) {
      if (!IBAN_HINT_TRIGGER.test(text)) return [];
      const findings: Finding[] = [];
      const candidates = new RegExp(CANDIDATE.source, CANDIDATE.flags);
      for (let match = candidates.exec(text); match !== null; match = candidates.exec(text)) {
        const candidate = match[0];
        // The candidate may run on into the next words; scanning resumes right after the first 4
        // characters, or after the IBAN found, so an IBAN following another is still seen.
        candidates.lastIndex = match.index + 4;
        const format = IBAN_FORMATS.get(candidate.slice(0, 2).toUpperCase());
        if (format === undefined) continue;
        let compact = '';
        let end = 0;
        for (let index = 0; index < candidate.length && compact.length < format.length; index++) {
          const character = candidate[index]!;
          if (character !== ' ' && character !== '-') {
            compact += character;
            end = index + 1;
          }
        }
        if (compact.length < format.length) continue;
        // The next character must not continue the code (a longer string is not this IBAN).
        if (/[A-Za-z0-9]/.test(candidate[end] ?? text[match.index + end] ?? '')) continue;
        // Written in one case: "LV80 bANK …" is not how anyone writes an IBAN.
        const letters = compact.slice(4).replace(/[^A-Za-z]/g, '');
        if (letters !== letters.toUpperCase() && letters !== letters.toLowerCase()) continue;
        const iban = compact.toUpperCase();
        if (!format.bban.test(iban.slice(4)) || ibanRemainder(iban) !== 1) continue;
        findings.push({
          type: 'iban',
          text: candidate.slice(0, end),
          start: match.index,
          end: match.index + end,
          normalized: iban,
          confidence: 1,
          recognizer: 'iban',
          validated: true,
        });
        candidates.lastIndex = match.index + end;
      }
      return findings;
    },
  };
}
