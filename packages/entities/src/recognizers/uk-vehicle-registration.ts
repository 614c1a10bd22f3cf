import type { Finding } from '../finding';
import type { Recognizer } from './recognizer';

// Cheap test first: texts without a letter next to a digit cannot hold one, and most chat messages have none.
const PLATE_HINT_TRIGGER = /[A-Za-z]\d|\d[ -]?[A-Z]/;

// DVLA INF104. Current (2001–): memory tag (no I, Q, Z), age identifier, three letters (no I, Q).
// The age identifier is the year (02–29) from March, or the year + 50 (51–79) from September; 30–50
// and 80–99 are not issued yet, so reading them as marks would only add false hits.
const CURRENT =
  /(?<![\p{L}\p{N}_])[A-HJ-PR-Y][A-HJ-PR-Y](?:0[2-9]|[12]\d|5[1-9]|[67]\d)[ -]?[A-HJ-PR-Z]{3}(?![\p{L}\p{N}_])/giu;
// Prefix (1983–2001): year letter (not I, O, Q, U, Z), 1–3 digits, three letters. Upper case only.
const PREFIX =
  /(?<![\p{L}\p{N}_])[A-HJ-NPR-TV-Y][1-9]\d{0,2}[ -]?[A-HJ-PR-Y][A-HJ-PR-Z]{2}(?![\p{L}\p{N}_])/gu;
// Suffix (1963–1983): three letters, 1–3 digits, year letter. Upper case only.
const SUFFIX = /(?<![\p{L}\p{N}_])[A-HJ-PR-Z]{3}[ -]?[1-9]\d{0,2}[ -]?[A-HJ-NPR-TV-Y](?![\p{L}\p{N}_])/gu;

/**
 * UK vehicle registration marks in the current, prefix and suffix formats (0.75, 0.5, 0.4: the older
 * formats look more like other codes). Normalised to upper case with the usual single space.
 */
export function createUkVehicleRegistrationRecognizer(): Recognizer {
  return {
    name: 'uk-vehicle-registration',
    types: ['uk-vehicle-registration'],
    needs: { minDigits: 1 },
    find(text) {
      if (!PLATE_HINT_TRIGGER.test(text)) return [];
      const findings: Finding[] = [];
      const push = (match: RegExpMatchArray, confidence: number, split: (compact: string) => string) => {
        const compact = match[0].replace(/[ -]/g, '').toUpperCase();
        findings.push({
          type: 'uk-vehicle-registration',
          text: match[0],
          start: match.index!,
          end: match.index! + match[0].length,
          normalized: split(compact),
          confidence,
          recognizer: 'uk-vehicle-registration',
          validated: false,
        });
      };
      for (const match of text.matchAll(CURRENT)) push(match, 0.75, (c) => `${c.slice(0, 4)} ${c.slice(4)}`);
      for (const match of text.matchAll(PREFIX)) push(match, 0.5, (c) => `${c.slice(0, -3)} ${c.slice(-3)}`);
      for (const match of text.matchAll(SUFFIX)) push(match, 0.4, (c) => `${c.slice(0, 3)} ${c.slice(3)}`);
      return findings;
    },
  };
}
