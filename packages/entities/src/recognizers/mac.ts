import type { Finding } from '../finding';
import type { Recognizer } from './recognizer';

// Cheap test first: texts without two hex pairs with separators cannot hold one, and most chat messages have none.
const MAC_HINT_TRIGGER = /[0-9a-f]{2}[:-][0-9a-f]{2}[:-]|[0-9a-f]{4}\.[0-9a-f]{4}\./i;

const COLON_OR_DASH =
  /(?<![\p{L}\p{N}_:.-])[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}(?![\p{L}\p{N}_]|[:-][0-9a-f])/giu;
const CISCO = /(?<![\p{L}\p{N}_.])[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}(?![\p{L}\p{N}_]|\.[0-9a-f])/giu;

/**
 * MAC addresses (`00:1A:2B:3C:4D:5E`, `00-1a-…`, Cisco `001a.2b3c.4d5e`), normalised to lower-case
 * colon form. The broadcast (all FF) and null (all 00) addresses identify nothing and are skipped.
 */
export function createMacRecognizer(): Recognizer {
  return {
    name: 'mac',
    types: ['mac'],
    needs: { anyOf: ':-.' },
    find(text) {
      if (!MAC_HINT_TRIGGER.test(text)) return [];
      const findings: Finding[] = [];
      for (const regex of [COLON_OR_DASH, CISCO]) {
        for (const match of text.matchAll(regex)) {
          const hex = match[0].replace(/[^0-9a-f]/gi, '').toLowerCase();
          if (/^(?:f{12}|0{12})$/.test(hex)) continue;
          findings.push({
            type: 'mac',
            text: match[0],
            start: match.index,
            end: match.index + match[0].length,
            normalized: hex.replace(/(..)(?!$)/g, '$1:'),
            confidence: 0.8,
            recognizer: 'mac',
            validated: false,
          });
        }
      }
      return findings;
    },
  };
}
