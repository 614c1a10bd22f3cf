import type { Finding } from '../finding';
import type { Recognizer } from './recognizer';

// Cheap test first: texts without a capital letter followed by a digit cannot hold one, and most chat messages have none.
const POSTCODE_HINT_TRIGGER = /[A-Z]\d|GIR ?0AA/;

// Position rules from BS 7666 (as in the Cabinet Office schema and Presidio): first letter not Q, V, X;
// second not I, J, Z; a third-position letter from ABCDEFGHJKSTUW, a fourth from ABEHMNPRVWXY; the
// inward code's letters never C, I, K, M, O or V. Plus the Girobank code GIR 0AA.
const POSTCODE = new RegExp(
  '(?<![\\p{L}\\p{N}_])(?:GIR ?0AA|' +
    '(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])' +
    ' ?[0-9][ABD-HJLNP-UW-Z]{2})(?![\\p{L}\\p{N}_])',
  'gu',
);

/**
 * UK postcodes in upper case, with or without the space (0.8 with it, 0.6 without); shape only, as no
 * postcode file is bundled. Normalised to upper case with one space before the inward code.
 */
export function createUkPostcodeRecognizer(): Recognizer {
  return {
    name: 'uk-postcode',
    types: ['uk-postcode'],
    needs: { minDigits: 1 },
    find(text) {
      if (!POSTCODE_HINT_TRIGGER.test(text)) return [];
      const findings: Finding[] = [];
      for (const match of text.matchAll(POSTCODE)) {
        const compact = match[0].replace(' ', '');
        findings.push({
          type: 'uk-postcode',
          text: match[0],
          start: match.index,
          end: match.index + match[0].length,
          normalized: `${compact.slice(0, -3)} ${compact.slice(-3)}`,
          confidence: match[0].includes(' ') ? 0.8 : 0.6,
          recognizer: 'uk-postcode',
          validated: false,
        });
      }
      return findings;
    },
  };
}
