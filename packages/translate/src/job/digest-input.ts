import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type FileDigest, InputError } from '@toex/core';

/** An input file's SHA-256 and size, plus its line count for progress estimates. */
export interface InputDigest extends FileDigest {
  /** Line feeds in the file: an upper bound on physical lines, used only to estimate time left. */
  lineFeeds: number;
}

/**
 * Hashes the input for the manifest and counts its line feeds in the same streamed pass, so the
 * progress display can estimate time left from the physical line each finished row started on. In
 * UTF-16 a `0x0A` byte can also be half of another character: the count is an estimate, never used as
 * a row count.
 */
export async function digestInput(path: string): Promise<InputDigest> {
  const hash = createHash('sha256');
  let bytes = 0;
  let lineFeeds = 0;
  try {
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
      for (let index = chunk.indexOf(0x0a); index !== -1; index = chunk.indexOf(0x0a, index + 1))
        lineFeeds += 1;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new InputError({
        code: 'file_not_found',
        file: path,
        message: 'no such file. Check the path.',
        cause: error,
      });
    if (code === 'EISDIR')
      throw new InputError({
        code: 'not_a_file',
        file: path,
        message: 'this is a directory; give a file.',
        cause: error,
      });
    if (code === 'EACCES')
      throw new InputError({
        code: 'permission_denied',
        file: path,
        message: 'permission denied reading the file.',
        cause: error,
      });
    throw error;
  }
  return { sha256: hash.digest('hex'), bytes, lineFeeds };
}
