const utf8 = new TextDecoder('utf-8', { fatal: true });
// A string that needs repair has every code unit ≤ U+00FF and at least one ≥ U+0080.
const beyondLatin1 = /[\u0100-\uFFFF]/;
const highLatin1 = /[\u0080-\u00FF]/;

/**
 * Undoes the mojibake of Facebook and Instagram "Download your information" JSON, which writes each UTF-8
 * byte as its own `\u00XX` escape (`Jos\u00c3\u00a9` for "José"): the code units are read back as bytes and
 * decoded as UTF-8. A string that is not such a sequence (it has characters above U+00FF, or its bytes are
 * not valid UTF-8) is returned unchanged, so a correctly encoded string is never damaged.
 */
export function repairMojibake(text: string): string {
  if (!highLatin1.test(text) || beyondLatin1.test(text)) return text;
  const bytes = Uint8Array.from(text, (character) => character.charCodeAt(0));
  try {
    return utf8.decode(bytes);
  } catch {
    return text;
  }
}
