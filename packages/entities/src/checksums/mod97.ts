/**
 * The ISO 7064 MOD 97-10 remainder of an IBAN: the first four characters are moved to the end, letters
 * become 10–35, and the resulting number is reduced modulo 97 in chunks (it is far wider than 2^53).
 * A valid IBAN leaves 1.
 */
export function ibanRemainder(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (let index = 0; index < rearranged.length; index++) {
    const code = rearranged.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      remainder = (remainder * 10 + (code - 48)) % 97;
    } else if (code >= 65 && code <= 90) {
      remainder = (remainder * 100 + (code - 55)) % 97;
    } else {
      return -1;
    }
  }
  return remainder;
}
