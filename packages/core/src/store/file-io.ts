import type { FileHandle } from 'node:fs/promises';

/** Writes all of `buffer` at the handle's position (the end, for an `O_APPEND` handle). */
export async function writeFully(handle: FileHandle, buffer: Buffer): Promise<void> {
  let written = 0;
  // A regular file takes the whole buffer in one write; the loop only covers a short write (disk full).
  while (written < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, written, buffer.length - written);
    written += bytesWritten;
  }
}

/** Fills `buffer` from `position`; fails if the file ends first. */
export async function readFully(handle: FileHandle, buffer: Buffer, position: number): Promise<void> {
  let read = 0;
  while (read < buffer.length) {
    const { bytesRead } = await handle.read(buffer, read, buffer.length - read, position + read);
    if (bytesRead === 0) throw new Error('The store file is shorter than its index; was it truncated?');
    read += bytesRead;
  }
}
