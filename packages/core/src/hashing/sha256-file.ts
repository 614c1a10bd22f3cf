import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ToexAbortError } from '../errors/abort-error';
import { InputError } from '../errors/input-error';
import type { FileDigest } from './file-digest';

/**
 * Hashes a file as a stream, so memory stays flat however large it is (audio, multi-gigabyte exports).
 * Throws {@link InputError} naming the file when it cannot be read, and {@link ToexAbortError} if
 * `signal` aborts.
 */
export async function sha256File(path: string, options: { signal?: AbortSignal } = {}): Promise<FileDigest> {
  const hash = createHash('sha256');
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback();
    },
  });
  try {
    await pipeline(
      createReadStream(path, { highWaterMark: 1 << 20 }),
      sink,
      options.signal === undefined ? {} : { signal: options.signal },
    );
  } catch (error) {
    if (options.signal?.aborted) throw new ToexAbortError({ cause: options.signal.reason });
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError({
      code: 'unreadable_file',
      file: path,
      message: `cannot be read to hash it: ${reason}`,
      cause: error,
    });
  }
  return { sha256: hash.digest('hex'), bytes };
}
