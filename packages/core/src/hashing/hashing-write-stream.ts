import { createHash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { ToexError } from '../errors/toex-error';
import type { FileDigest } from './file-digest';

/** Options of {@link createHashingWriteStream}. */
export interface HashingWriteStreamOptions {
  /** `fdatasync` the file before finishing, so that once `digest` resolves the bytes survive a power loss. Default false. */
  flush?: boolean;
  /** File permissions when created. Default `0o600`: outputs hold case material. */
  mode?: number;
}

/**
 * A writable file stream that hashes what it writes, so an output's SHA-256 is known the moment it is
 * complete, without reading the file back.
 */
export interface HashingWriteStream extends Writable {
  /**
   * Resolves once the stream has finished and the file is closed, with the digest of every byte written;
   * rejects if the stream fails or is destroyed first.
   */
  readonly digest: Promise<FileDigest>;
}

/**
 * Creates (or truncates) the file at `path` and returns a {@link HashingWriteStream} into it.
 *
 * @example
 * const output = createHashingWriteStream('out.csv');
 * await pipeline(rows, output);
 * const { sha256, bytes } = await output.digest;
 */
export function createHashingWriteStream(
  path: string,
  options: HashingWriteStreamOptions = {},
): HashingWriteStream {
  const hash = createHash('sha256');
  let bytes = 0;
  let handle: FileHandle | undefined;
  let resolveDigest: (digest: FileDigest) => void = () => {};
  let rejectDigest: (error: unknown) => void = () => {};
  const digest = new Promise<FileDigest>((resolve, reject) => {
    resolveDigest = resolve;
    rejectDigest = reject;
  });
  // Callers that only await the pipeline must not get an unhandled rejection from `digest` as well.
  digest.catch(() => {});

  const writeAll = async (chunks: readonly Buffer[]) => {
    if (handle === undefined) {
      throw new ToexError({ code: 'output_not_open', message: `The output file ${path} is not open.` });
    }
    for (const chunk of chunks) {
      hash.update(chunk);
      bytes += chunk.length;
    }
    let pending = chunks.filter((chunk) => chunk.length > 0);
    while (pending.length > 0) {
      let { bytesWritten } = await handle.writev(pending);
      // Drop what was written; a short write (disk nearly full) continues where it stopped.
      const rest: Buffer[] = [];
      for (const chunk of pending) {
        if (bytesWritten >= chunk.length) bytesWritten -= chunk.length;
        else {
          rest.push(chunk.subarray(bytesWritten));
          bytesWritten = 0;
        }
      }
      pending = rest;
    }
  };

  const stream = new Writable({
    highWaterMark: 1 << 16,
    construct(callback) {
      open(path, 'w', options.mode ?? 0o600).then(
        (opened) => {
          handle = opened;
          callback();
        },
        (error: Error) => callback(error),
      );
    },
    write(chunk: Buffer, _encoding, callback) {
      writeAll([chunk]).then(() => callback(), callback);
    },
    writev(chunks, callback) {
      writeAll(chunks.map((entry) => entry.chunk as Buffer)).then(() => callback(), callback);
    },
    final(callback) {
      const finish = async () => {
        if (handle === undefined) return;
        if (options.flush === true) await handle.datasync();
        const closing = handle;
        handle = undefined;
        await closing.close();
      };
      finish().then(() => {
        resolveDigest({ sha256: hash.digest('hex'), bytes });
        callback();
      }, callback);
    },
    destroy(error, callback) {
      rejectDigest(
        error ??
          new ToexError({
            code: 'output_incomplete',
            message: `The output stream for ${path} was destroyed before it finished; the file is incomplete.`,
          }),
      );
      const closing = handle;
      handle = undefined;
      if (closing === undefined) callback(error);
      else
        closing.close().then(
          () => callback(error),
          () => callback(error),
        );
    },
  });
  return Object.assign(stream, { digest }) as HashingWriteStream;
}
