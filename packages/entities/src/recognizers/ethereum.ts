import { keccak_256 } from '@noble/hashes/sha3.js';
import type { Finding } from '../finding';
import type { Recognizer } from './recognizer';

// Cheap test first: texts without 0x and 40 hex digits cannot hold one, and most chat messages have none.
const HEX_PREFIX_TRIGGER = /0x[0-9a-fA-F]{40}/;

const ADDRESS = /(?<![\p{L}\p{N}_])0x[0-9a-fA-F]{40}(?![\p{L}\p{N}_])/gu;

/** The EIP-55 mixed-case form of a 40-hex-digit address (without 0x): keccak-256 of the lower-case hex. */
export function toChecksumAddress(hex: string): string {
  const lower = hex.toLowerCase();
  const hash = keccak_256(new TextEncoder().encode(lower));
  let result = '0x';
  for (let index = 0; index < 40; index++) {
    const nibble = (hash[index >> 1]! >> (index % 2 === 0 ? 4 : 0)) & 0x0f;
    const character = lower[index]!;
    result += nibble >= 8 ? character.toUpperCase() : character;
  }
  return result;
}

/**
 * Ethereum (and other EVM chain) addresses. Mixed case carries an EIP-55 checksum: it must match, and
 * the finding is validated (1.0). All-lower or all-upper addresses carry none and score 0.7. Normalised
 * to the EIP-55 form.
 */
export function createEthereumRecognizer(): Recognizer {
  return {
    name: 'ethereum',
    types: ['ethereum'],
    needs: { minDigits: 1, minAlphanumericRun: 42 },
    find(text) {
      if (!HEX_PREFIX_TRIGGER.test(text)) return [];
      const findings: Finding[] = [];
      for (const match of text.matchAll(ADDRESS)) {
        const hex = match[0].slice(2);
        const checksummed = toChecksumAddress(hex);
        const mixedCase = hex !== hex.toLowerCase() && hex !== hex.toUpperCase();
        if (mixedCase && checksummed.slice(2) !== hex) continue;
        findings.push({
          type: 'ethereum',
          text: match[0],
          start: match.index,
          end: match.index + match[0].length,
          normalized: checksummed,
          confidence: mixedCase ? 1 : 0.7,
          recognizer: 'ethereum',
          validated: mixedCase,
        });
      }
      return findings;
    },
  };
}
