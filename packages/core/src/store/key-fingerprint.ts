const twoTo32 = 0x100000000;
// Digit value of each ASCII code, -1 for all but 0-9 and a-f: a table lookup is several times faster here.
const hexDigits = new Int8Array(128).fill(-1);
for (let code = 48; code <= 57; code++) hexDigits[code] = code - 48;
for (let code = 97; code <= 102; code++) hexDigits[code] = code - 87;

/**
 * A 53-bit fingerprint of a store key: an integer a double holds exactly, so one `Float64Array` slot
 * stores it. Different keys may share one (rarely); the store tells them apart by the key in the line.
 *
 * A `contentKey` (64 lower-case hex digits of SHA-256) is random already, so its 256 bits are folded
 * by XOR rather than hashed again. Any other string is hashed.
 */
export function keyFingerprint(key: string): number {
  if (key.length === 64) {
    const folded = foldHex(key);
    if (folded >= 0) return folded;
  }
  return hashString(key);
}

/**
 * XOR of the key's four 64-bit quarters, its top 11 bits folded into the bottom ones so that every digit
 * counts; -1 when the key is not all lower-case hex.
 */
function foldHex(key: string): number {
  let high = 0;
  let low = 0;
  for (let word = 0; word < 8; word++) {
    let value = 0;
    for (let index = word * 8; index < word * 8 + 8; index++) {
      const code = key.charCodeAt(index);
      const digit = code < 128 ? hexDigits[code]! : -1;
      if (digit < 0) return -1;
      value = (value << 4) | digit;
    }
    if ((word & 1) === 0) high ^= value;
    else low ^= value;
  }
  return (high & 0x1fffff) * twoTo32 + ((low ^ (high >>> 21)) >>> 0);
}

/** Two multiplicative 32-bit lanes over the UTF-16 code units, cross-mixed at the end (after cyrb53). */
function hashString(key: string): number {
  let first = 0xdeadbeef ^ key.length;
  let second = 0x41c6ce57 ^ key.length;
  for (let index = 0; index < key.length; index++) {
    const code = key.charCodeAt(index);
    first = Math.imul(first ^ code, 0x9e3779b1);
    second = Math.imul(second ^ code, 0x5f356495);
  }
  first = Math.imul(first ^ (first >>> 16), 0x85ebca6b);
  first ^= Math.imul(second ^ (second >>> 13), 0xc2b2ae35);
  second = Math.imul(second ^ (second >>> 16), 0x85ebca6b);
  second ^= Math.imul(first ^ (first >>> 13), 0xc2b2ae35);
  return (second & 0x1fffff) * twoTo32 + (first >>> 0);
}
