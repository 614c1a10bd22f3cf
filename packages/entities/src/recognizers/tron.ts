import { decodeBase58Check } from '../checksums/base58check';
import type { Finding } from '../finding';
import type { Recognizer } from './recognizer';

// Cheap test first: texts without a T and 33 Base58 characters cannot hold one, and most chat messages have none.
const LONG_TOKEN_TRIGGER = /T[1-9A-HJ-NP-Za-km-z]{33}/;

const ADDRESS = /(?<![\p{L}\p{N}_])T[1-9A-HJ-NP-Za-km-z]{33}(?![\p{L}\p{N}_])/gu;

/**
 * Tron addresses: Base58Check of 0x41 followed by a 20-byte account, 34 characters starting "T". Every
 * finding passed its checksum.
 */
export function createTronRecognizer(): Recognizer {
  return {
    name: 'tron',
    types: ['tron'],
    needs: { minAlphanumericRun: 34 },
    find(text) {
      if (!LONG_TOKEN_TRIGGER.test(text)) return [];
      const findings: Finding[] = [];
      for (const match of text.matchAll(ADDRESS)) {
        const payload = decodeBase58Check(match[0]);
        if (payload === undefined || payload.length !== 21 || payload[0] !== 0x41) continue;
        findings.push({
          type: 'tron',
          text: match[0],
          start: match.index,
          end: match.index + match[0].length,
          normalized: match[0],
          confidence: 1,
          recognizer: 'tron',
          validated: true,
        });
      }
      return findings;
    },
  };
}
