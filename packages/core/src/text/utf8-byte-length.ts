/**
 * UTF-8 size of a string in bytes, counted without encoding it: packers measure every text against
 * byte limits (DeepL's 128 KiB body, APY's 4,096-byte chunks). A lone surrogate counts as the three
 * bytes of the U+FFFD it is encoded as, like `Buffer.byteLength`.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
      // A surrogate pair is one 4-byte character.
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
