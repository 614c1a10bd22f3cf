import type { Finding } from '../finding';
import type { Recognizer } from './recognizer';

// Cheap test first: texts without an @ cannot hold one, and most chat messages have none.
const AT_SIGN_TRIGGER = /@/;

// Local part: letters of any script, digits and the usual punctuation, not starting or ending with a dot.
// Domain: labels of letters, digits and hyphens, ending in a top-level domain of two or more letters.
const EMAIL =
  /(?<![\p{L}\p{N}\p{M}_.%+-])[\p{L}\p{N}_%+-](?:[\p{L}\p{N}\p{M}_.%+-]{0,62}[\p{L}\p{N}_%+-])?@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(?:\p{L}{2,24}|xn--[a-z0-9-]{2,59})(?![\p{L}\p{N}\p{M}_@-]|\.[\p{L}\p{N}])/gu;

/** Email addresses, including internationalised ones; normalised to lower case. Shape only, so 0.85. */
export function createEmailRecognizer(): Recognizer {
  return {
    name: 'email',
    types: ['email'],
    needs: { anyOf: '@' },
    find(text) {
      if (!AT_SIGN_TRIGGER.test(text)) return [];
      const findings: Finding[] = [];
      for (const match of text.matchAll(EMAIL)) {
        if (match[0].includes('..')) continue;
        findings.push({
          type: 'email',
          text: match[0],
          start: match.index,
          end: match.index + match[0].length,
          normalized: match[0].toLowerCase(),
          confidence: 0.85,
          recognizer: 'email',
          validated: false,
        });
      }
      return findings;
    },
  };
}
