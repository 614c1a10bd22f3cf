import { bech32, bech32m } from '@scure/base';
import { decodeBase58Check } from '../checksums/base58check';
import type { Finding } from '../finding';
import type { Recognizer } from './recognizer';

// Cheap test first: texts without a 25-character alphanumeric run cannot hold one, and most chat messages have none.
const LONG_TOKEN_TRIGGER = /[A-Za-z0-9]{25}/;

const BASE58_ADDRESS = /(?<![\p{L}\p{N}_])[13][1-9A-HJ-NP-Za-km-z]{25,34}(?![\p{L}\p{N}_])/gu;
const SEGWIT_ADDRESS =
  /(?<![\p{L}\p{N}_])(?:bc1[02-9ac-hj-np-z]{8,87}|BC1[02-9AC-HJ-NP-Z]{8,87})(?![\p{L}\p{N}_])/gu;

/** True for a SegWit address: Bech32 for witness version 0 (BIP-173), Bech32m for 1–16 (BIP-350). */
export function segwitAddressValid(address: string): boolean {
  const lower = address.toLowerCase();
  if (lower.length > 90) return false;
  for (const codec of [bech32, bech32m]) {
    let decoded: { prefix: string; words: number[] };
    try {
      decoded = codec.decode(lower as `${string}1${string}`, 90);
    } catch {
      continue;
    }
    if (decoded.prefix !== 'bc' || decoded.words.length === 0) continue;
    const version = decoded.words[0]!;
    if (version > 16) continue;
    if ((version === 0) !== (codec === bech32)) continue;
    let program: Uint8Array;
    try {
      program = codec.fromWords(decoded.words.slice(1));
    } catch {
      continue;
    }
    if (program.length < 2 || program.length > 40) continue;
    if (version === 0 && program.length !== 20 && program.length !== 32) continue;
    return true;
  }
  return false;
}

/** True for a legacy address: Base58Check with version 0x00 (P2PKH, "1…") or 0x05 (P2SH, "3…"). */
export function legacyBitcoinAddressValid(address: string): boolean {
  const payload = decodeBase58Check(address);
  return payload !== undefined && payload.length === 21 && (payload[0] === 0x00 || payload[0] === 0x05);
}

/**
 * Bitcoin mainnet addresses: legacy Base58Check (P2PKH/P2SH) and SegWit Bech32/Bech32m. Every finding
 * passed its checksum. SegWit addresses are normalised to lower case.
 */
export function createBitcoinRecognizer(): Recognizer {
  return {
    name: 'bitcoin',
    types: ['bitcoin'],
    needs: { minDigits: 1, minAlphanumericRun: 25 },
    find(text) {
      if (!LONG_TOKEN_TRIGGER.test(text)) return [];
      const findings: Finding[] = [];
      const push = (address: string, start: number) =>
        findings.push({
          type: 'bitcoin',
          text: address,
          start,
          end: start + address.length,
          normalized:
            address.startsWith('bc1') || address.startsWith('BC1') ? address.toLowerCase() : address,
          confidence: 1,
          recognizer: 'bitcoin',
          validated: true,
        });
      for (const match of text.matchAll(BASE58_ADDRESS)) {
        if (legacyBitcoinAddressValid(match[0])) push(match[0], match.index);
      }
      for (const match of text.matchAll(SEGWIT_ADDRESS)) {
        if (segwitAddressValid(match[0])) push(match[0], match.index);
      }
      return findings;
    },
  };
}
