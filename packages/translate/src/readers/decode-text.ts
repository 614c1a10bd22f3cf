import { InputError } from '@toex/core';
import { countLineBreaks } from './count-line-breaks';
import type { EncodingDetection } from './detect-encoding';
import { repairWindows1252 } from './repair-windows-1252';

/**
 * Decodes a byte stream to text chunks with `TextDecoder` in streaming mode, so a character split across
 * two chunks is decoded whole. A byte-order mark matching the encoding is dropped.
 *
 * Decoding is strict: bytes that are not valid in the chosen encoding stop reading with `InputError`
 * `invalid_encoding` naming the line, rather than turning into U+FFFD replacement characters that would
 * silently lose evidence. This happens when a file mixes encodings after the sampled first 64 KB.
 *
 * windows-1252 output is passed through {@link repairWindows1252}, working around Node's Latin-1 decoding
 * of bytes 0x80–0x9F.
 */
export async function* decodeText(
  chunks: AsyncIterable<Uint8Array>,
  detection: EncodingDetection,
  file: string | undefined,
): AsyncGenerator<string> {
  const decoder = new TextDecoder(detection.name, { fatal: true });
  const repair = decoder.encoding === 'windows-1252' ? repairWindows1252 : (text: string) => text;
  let lineBreaks = 0;
  let endsWithCarriageReturn = false;
  const emit = (decoded: string): string => {
    const text = repair(decoded);
    // A \r\n split across two chunks is one line break, not two.
    lineBreaks += countLineBreaks(text) - (endsWithCarriageReturn && text.startsWith('\n') ? 1 : 0);
    if (text.length > 0) endsWithCarriageReturn = text.endsWith('\r');
    return text;
  };
  for await (const chunk of chunks) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch (error) {
      throw invalidBytes(chunk, detection, file, lineBreaks + 1, error);
    }
    if (text.length > 0) yield emit(text);
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch (error) {
    throw new InputError({
      code: 'invalid_encoding',
      file,
      line: lineBreaks + 1,
      message: `the file ends in the middle of a ${detection.name} character: it is probably truncated. Check that the copy is complete.`,
      cause: error,
    });
  }
  if (rest.length > 0) yield emit(rest);
}

/** The `invalid_encoding` error for a chunk that failed to decode, naming the line of its first bad byte. */
export function invalidBytes(
  chunk: Uint8Array,
  detection: EncodingDetection,
  file: string | undefined,
  chunkStartLine: number,
  cause: unknown,
): InputError {
  // Locate the first bad byte: decode the chunk leniently and find the first replacement character.
  const lenient = new TextDecoder(detection.name).decode(chunk);
  const badAt = lenient.indexOf('\uFFFD');
  const line = chunkStartLine + (badAt === -1 ? 0 : countLineBreaks(lenient.slice(0, badAt)));
  const suggestion =
    detection.name === 'utf-8'
      ? ' If the file is in a legacy encoding, pass --encoding windows-1252 (Western European), windows-1256 (Arabic) or gb18030 (Chinese).'
      : ' Pass --encoding with the right encoding.';
  return new InputError({
    code: 'invalid_encoding',
    file,
    line,
    message:
      `bytes here are not valid ${detection.name}, the encoding chosen from the start of the file (${detection.reason}). ` +
      `The file may mix encodings.${suggestion}`,
    cause,
  });
}
