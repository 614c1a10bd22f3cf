import { createHash } from 'node:crypto';
import { base58 } from '@scure/base';

/**
 * Decodes a Base58Check string (Bitcoin's alphabet, a 4-byte double-SHA-256 checksum) and returns the
 * payload without the checksum, or undefined when it is not Base58 or the checksum fails.
 */
export function decodeBase58Check(text: string): Uint8Array | undefined {
  let bytes: Uint8Array;
  try {
    bytes = base58.decode(text);
  } catch {
    return undefined;
  }
  if (bytes.length < 5) return undefined;
  const payload = bytes.subarray(0, bytes.length - 4);
  const first = createHash('sha256').update(payload).digest();
  const second = createHash('sha256').update(first).digest();
  for (let index = 0; index < 4; index++) {
    if (second[index] !== bytes[bytes.length - 4 + index]) return undefined;
  }
  return payload;
}
