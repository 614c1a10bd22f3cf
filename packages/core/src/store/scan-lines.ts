import type { FileHandle } from 'node:fs/promises';

const initialChunkBytes = 1 << 20;

/** Where one complete line lies in the file. The `\n` is not part of it. */
export interface ScannedLine {
  /** The bytes of the line, valid only during the callback. */
  buffer: Buffer;
  start: number;
  end: number;
  /** Byte offset of the line in the file. */
  position: number;
}

/**
 * Reads `[from, to)` of the file in large chunks and calls `onLine` for each complete, `\n`-terminated
 * line; when it returns a promise, scanning waits for it. Memory stays at one chunk (or the longest line)
 * however large the file. Returns the offset just past the last complete line, and how many bytes follow
 * it without a `\n`.
 */
export async function scanLines(
  handle: FileHandle,
  from: number,
  to: number,
  onLine: (line: ScannedLine) => Promise<void> | undefined,
): Promise<{ completeTo: number; trailingBytes: number }> {
  let buffer = Buffer.allocUnsafe(Math.min(initialChunkBytes, Math.max(1, to - from)));
  let bufferPosition = from;
  let filled = 0;
  while (bufferPosition + filled < to) {
    if (filled === buffer.length) {
      // A line longer than the buffer: grow it rather than split the line.
      const larger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(larger, 0, 0, filled);
      buffer = larger;
    }
    const wanted = Math.min(buffer.length - filled, to - bufferPosition - filled);
    const { bytesRead } = await handle.read(buffer, filled, wanted, bufferPosition + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
    const view = buffer.subarray(0, filled);
    let lineStart = 0;
    for (;;) {
      const newline = view.indexOf(10, lineStart);
      if (newline < 0) break;
      const waiting = onLine({
        buffer,
        start: lineStart,
        end: newline,
        position: bufferPosition + lineStart,
      });
      if (waiting !== undefined) await waiting;
      lineStart = newline + 1;
    }
    buffer.copy(buffer, 0, lineStart, filled);
    bufferPosition += lineStart;
    filled -= lineStart;
  }
  return { completeTo: bufferPosition, trailingBytes: filled };
}
