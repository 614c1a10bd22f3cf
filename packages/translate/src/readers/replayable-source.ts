import type { InputSource } from './open-input';

/**
 * A source that can be opened more than once, for readers that need two passes (WhatsApp decides the
 * date order from every date before writing the first row). A path or bytes are reused as they are; a
 * one-shot stream is gathered into memory first, which bounds such inputs by memory — pass a path for
 * large files.
 */
export async function replayableSource(source: InputSource): Promise<string | Uint8Array> {
  if (typeof source === 'string' || source instanceof Uint8Array) return source;
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of source) {
    chunks.push(chunk);
    length += chunk.length;
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
