// WHATWG index-windows-1252 for bytes 0x80–0x9F: the only range where windows-1252 differs from ISO-8859-1.
// The five bytes the standard leaves as C1 controls (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to themselves.
// biome-ignore format: one row of the table per line of eight bytes
const windows1252Specials = [
  '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
  '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
  '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
  '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
];

/**
 * Fixes text that `TextDecoder('windows-1252')` decoded as ISO-8859-1.
 *
 * Since Node 20.18.3 and 22.13.0 the decoder takes a Latin-1 fast path for windows-1252 (and the `latin1`,
 * `iso-8859-1` and `ascii` labels, which the Encoding Standard maps to it), so bytes 0x80–0x9F come out as
 * invisible C1 control characters instead of `€ ‚ „ … “ ” – — ™` and friends (nodejs/node#56542,
 * nodejs/node#60888). In a Spanish phone export that silently loses euro signs, quotes and dashes.
 *
 * Maps U+0080–U+009F to the characters windows-1252 assigns those bytes. Idempotent, and a no-op once
 * Node decodes correctly, because correct output holds only the five control characters that map to
 * themselves.
 */
export function repairWindows1252(text: string): string {
  return text.replace(
    /[\u0080-\u009F]/g,
    (character) => windows1252Specials[character.charCodeAt(0) - 0x80] ?? character,
  );
}
