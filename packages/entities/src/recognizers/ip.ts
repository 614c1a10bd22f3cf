import { isIPv4, isIPv6 } from 'node:net';
import type { Finding } from '../finding';
import type { Recognizer } from './recognizer';

// Cheap test first: texts without dotted digits or a colon between hex digits cannot hold one, and most chat messages have none.
const ADDRESS_HINT_TRIGGER = /\d\.\d{1,3}\.\d|[0-9a-f:]:[0-9a-f:/]/i;

// No letter, digit or dot just before; an optional /prefix (CIDR) after; not the start of a longer dotted
// version (1.2.3.4.5.6), though one trailing part is tolerated ("192.168.1.1.1" reads as the address).
const IPV4 = /(?<![\p{L}\p{N}_.])(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,3})?(?![\p{L}\p{N}_]|\.\d+\.\d)/gu;
// Hex groups separated by colons (with ::, an optional trailing IPv4, zone and prefix); node:net decides
// validity, which rules out times (14:05:09), ratios and MAC addresses (six groups, no ::).
const IPV6 =
  /(?<![\p{L}\p{N}_:.])(?:[0-9a-f]{1,4}:|::?)(?:[0-9a-f]{0,4}:){0,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{1,4})?(?:%[0-9a-z]+)?(?:\/\d{1,3})?(?![\p{L}\p{N}_:]|\.\d)/giu;

/** Splits "address/prefix" and keeps the prefix only when it is a valid length for the family. */
function splitPrefix(candidate: string, maxPrefix: number): { address: string; length: number } {
  const slash = candidate.indexOf('/');
  if (slash < 0) return { address: candidate, length: candidate.length };
  const prefix = candidate.slice(slash + 1);
  const address = candidate.slice(0, slash);
  const valid = /^(?:0|[1-9]\d{0,2})$/.test(prefix) && Number(prefix) <= maxPrefix;
  return { address, length: valid ? candidate.length : slash };
}

/**
 * IPv4 and IPv6 addresses (with a CIDR prefix length when one follows), accepted only when Node's
 * `net` parses them: no leading zeros, octets up to 255, at most one "::". IPv4 scores 0.75, IPv6 0.85.
 * The unspecified address "::" is reported only with a prefix ("::/0"). Normalised to lower case.
 */
export function createIpRecognizer(): Recognizer {
  return {
    name: 'ip',
    types: ['ip'],
    needs: { anyOf: '.:' },
    find(text) {
      if (!ADDRESS_HINT_TRIGGER.test(text)) return [];
      const findings: Finding[] = [];
      const push = (start: number, length: number, confidence: number) => {
        const value = text.slice(start, start + length);
        findings.push({
          type: 'ip',
          text: value,
          start,
          end: start + length,
          normalized: value.toLowerCase(),
          confidence,
          recognizer: 'ip',
          validated: true,
        });
      };
      for (const match of text.matchAll(IPV4)) {
        const { address, length } = splitPrefix(match[0], 32);
        if (isIPv4(address)) push(match.index, length, 0.75);
      }
      for (const match of text.matchAll(IPV6)) {
        const { address, length } = splitPrefix(match[0], 128);
        if (!isIPv6(address)) continue;
        if (address === '::' && length === address.length) continue;
        push(match.index, length, 0.85);
      }
      return findings;
    },
  };
}
