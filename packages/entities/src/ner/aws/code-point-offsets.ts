/**
 * Converts offsets counted in Unicode code points (as Amazon Comprehend's "character" offsets are:
 * the service counts characters, and an emoji or a CJK Extension B ideograph is one character there
 * but two UTF-16 code units in a JavaScript string) to UTF-16 code-unit offsets. Walks the string once;
 * give the offsets in ascending order for linear time. An offset past the end maps to `text.length`.
 */
export function codePointToUtf16Offsets(text: string): (codePointOffset: number) => number {
  // Prefix table: utf16[i] is the UTF-16 offset of code point i. Built lazily only for texts with astral
  // characters; otherwise the two counts are equal.
  let astral = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      astral = true;
      break;
    }
  }
  if (!astral) return (offset) => Math.min(offset, text.length);
  const table: number[] = [];
  let unit = 0;
  for (const character of text) {
    table.push(unit);
    unit += character.length;
  }
  table.push(unit);
  return (offset) => table[Math.min(offset, table.length - 1)]!;
}
