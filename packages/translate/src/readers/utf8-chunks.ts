import { isUtf8 } from 'node:buffer';
import { InputError } from '@toex/core';
import { invalidBytes } from './decode-text';
import type { EncodingDetection } from './detect-encoding';

/**
 * Passes UTF-8 input through as bytes, checked but not decoded: the CSV parser works on bytes, so
 * decoding to text only for the parser to encode it again cost a twentieth of a job. Each chunk yielded
 * ends on a character boundary (a character split across reads is carried to the next chunk), so any
 * chunk can be decoded on its own; a leading byte-order mark is dropped.
 *
 * As strict as `decodeText`: bytes that are not valid UTF-8 stop reading with the same `InputError`
 * (`invalid_encoding`, naming the line), never turning into replacement characters.
 */
export async function* utf8Chunks(
  chunks: AsyncIterable<Uint8Array>,
  detection: EncodingDetection,
  file: string | undefined,
): AsyncGenerator<Uint8Array> {
  let carried: Uint8Array = new Uint8Array(0);
  let atStart = true;
  const lines = new LineCounter();
  for await (const chunk of chunks) {
    let bytes = carried.length === 0 ? chunk : Buffer.concat([carried, chunk]);
    if (atStart) {
      if (bytes.length < 3 && bytes.every((byte, index) => byte === bom[index])) {
        carried = bytes; // too short to tell whether it is a byte-order mark yet
        continue;
      }
      if (bytes[0] === bom[0] && bytes[1] === bom[1] && bytes[2] === bom[2]) bytes = bytes.subarray(3);
      atStart = false;
    }
    const end = completeLength(bytes);
    const complete = bytes.subarray(0, end);
    carried = bytes.slice(end);
    if (!isUtf8(complete)) throw invalidBytes(complete, detection, file, lines.lineOf(complete), undefined);
    lines.count(complete);
    if (complete.length > 0) yield complete;
  }
  if (carried.length > 0 && !(atStart && carried.every((byte, index) => byte === bom[index]))) {
    throw new InputError({
      code: 'invalid_encoding',
      file,
      line: lines.lineOf(carried),
      message: `the file ends in the middle of a ${detection.name} character: it is probably truncated. Check that the copy is complete.`,
    });
  }
}

const bom = [0xef, 0xbb, 0xbf];

/** Counts line breaks over consecutive chunks as editors do: `\r\n`, `\n` and a lone `\r` once each. */
class LineCounter {
  private breaks = 0;
  private endsWithCarriageReturn = false;

  /** The 1-based line the first byte of `following` (the bytes after those counted) is on. */
  lineOf(following: Uint8Array): number {
    return this.breaks + 1 + (this.endsWithCarriageReturn && following[0] !== 0x0a ? 1 : 0);
  }

  count(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) this.breaks++;
    for (let at = bytes.indexOf(0x0d); at !== -1; at = bytes.indexOf(0x0d, at + 1)) {
      if (at + 1 < bytes.length && bytes[at + 1] !== 0x0a) this.breaks++;
    }
    // A \r at the end of the previous chunk was a line break of its own unless this chunk starts with \n.
    if (this.endsWithCarriageReturn && bytes[0] !== 0x0a) this.breaks++;
    this.endsWithCarriageReturn = bytes[bytes.length - 1] === 0x0d;
  }
}

/** Bytes of `bytes` up to the start of a trailing incomplete character (at most 3 bytes are held back). */
function completeLength(bytes: Uint8Array): number {
  const length = bytes.length;
  for (let back = 1; back <= 4 && back <= length; back++) {
    const byte = bytes[length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead byte
    // Only a byte that can start a character of that size is held back; any other is left for the check.
    const size = byte >= 0xf5 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc2 ? 2 : 1;
    return size > back ? length - back : length;
  }
  return length;
}
