import { keccak_256 } from '@noble/hashes/sha3.js';
import { base58xmr } from '@scure/base';
import type { Finding } from '../finding';
import type { Recognizer } from './recognizer';

// Cheap test first: texts without 95 Base58 characters cannot hold one, and most chat messages have none.
const LONG_TOKEN_TRIGGER = /[48][1-9A-HJ-NP-Za-km-z]{94}/;

// Standard (95 characters, "4…"), subaddress (95, "8…") and integrated (106, "4…") mainnet addresses.
const ADDRESS =
  /(?<![\p{L}\p{N}_])[48][1-9A-HJ-NP-Za-km-z]{94}(?:[1-9A-HJ-NP-Za-km-z]{11})?(?![\p{L}\p{N}_])/gu;

// Mainnet network bytes from monero's cryptonote_config.h: standard 18, integrated 19, subaddress 42.
const MAINNET_PREFIXES = new Set([18, 19, 42]);

/** True when a Monero address decodes (CryptoNote block Base58) with a mainnet prefix and Keccak checksum. */
export function moneroAddressValid(address: string): boolean {
  let bytes: Uint8Array;
  try {
    bytes = base58xmr.decode(address);
  } catch {
    return false;
  }
  const prefix = bytes[0]!;
  if (!MAINNET_PREFIXES.has(prefix)) return false;
  const expectedLength = prefix === 19 ? 77 : 69;
  if (bytes.length !== expectedLength) return false;
  const hash = keccak_256(bytes.subarray(0, bytes.length - 4));
  for (let index = 0; index < 4; index++) {
    if (hash[index] !== bytes[bytes.length - 4 + index]) return false;
  }
  return true;
}

/** Monero mainnet addresses (standard, subaddress, integrated), checksum-validated. */
export function createMoneroRecognizer(): Recognizer {
  return {
    name: 'monero',
    types: ['monero'],
    needs: { minAlphanumericRun: 95 },
    find(text) {
      if (!LONG_TOKEN_TRIGGER.test(text)) return [];
      const findings: Finding[] = [];
      for (const match of text.matchAll(ADDRESS)) {
        if (!moneroAddressValid(match[0])) continue;
        findings.push({
          type: 'monero',
          text: match[0],
          start: match.index,
          end: match.index + match[0].length,
          normalized: match[0],
          confidence: 1,
          recognizer: 'monero',
          validated: true,
        });
      }
      return findings;
    },
  };
}
