import type { Finding } from '../finding';
import type { Recognizer } from './recognizer';

// Cheap test first: texts without an 8-digit account number cannot hold one, and most chat messages have none.
const DIGITS_HINT_TRIGGER = /\d{8}/;

// A sort code (12-34-56, 12 34 56, or 123456 when labelled), then within a few words an 8-digit
// account number, optionally labelled ("a/c", "acc no:", "account").
const SORT_CODE_ACCOUNT =
  /(?<![\p{L}\p{N}_.,/-])(\d{2}([- ])\d{2}\2\d{2}|\d{6})(?:[ \t]*[,;/]?[ \t]*|[ \t]*[,;]?[ \t]*(?:a\/c|acc(?:oun)?t?|account)(?:[ \t]*(?:no\.?|number|num|#))?[ \t]*[:.]?[ \t]*)(\d{8})(?![\p{L}\p{N}_]|[.,/-]\d)/giu;
const SORT_CODE_LABEL = /\bsort[ -]?code|\bs\/c\b|\bsc:/i;

/**
 * UK sort code + account number pairs. Real validation needs Pay.UK's modulus tables, which change
 * several times a year and are not redistributable, so this is a shape match (`validated: false`):
 * 0.85 when labelled "sort code" or the sort code is printed with dashes, 0.6 otherwise. A bare
 * 6-digit code counts only after a "sort code" label. Normalised to `12-34-56 12345678`.
 */
export function createUkSortCodeAccountRecognizer(): Recognizer {
  return {
    name: 'uk-sort-code-account',
    types: ['uk-sort-code-account'],
    needs: { minDigits: 14 },
    find(text) {
      if (!DIGITS_HINT_TRIGGER.test(text)) return [];
      const findings: Finding[] = [];
      for (const match of text.matchAll(SORT_CODE_ACCOUNT)) {
        const sortCode = match[1]!.replace(/\D/g, '');
        const labelled = SORT_CODE_LABEL.test(text.slice(Math.max(0, match.index - 24), match.index));
        if (match[2] === undefined && !labelled) continue;
        findings.push({
          type: 'uk-sort-code-account',
          text: match[0],
          start: match.index,
          end: match.index + match[0].length,
          normalized: `${sortCode.slice(0, 2)}-${sortCode.slice(2, 4)}-${sortCode.slice(4)} ${match[3]}`,
          confidence: labelled || match[2] === '-' ? 0.85 : 0.6,
          recognizer: 'uk-sort-code-account',
          validated: false,
        });
      }
      return findings;
    },
  };
}
