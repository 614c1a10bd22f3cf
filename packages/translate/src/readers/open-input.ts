import { open } from 'node:fs/promises';
import { InputError } from '@toex/core';

/**
 * Where a reader takes its bytes from: a file path, the bytes themselves, or a byte stream (a Node
 * `Readable` without `setEncoding`, a web stream, or any async iterable of `Uint8Array` chunks).
 */
export type InputSource = string | Uint8Array | AsyncIterable<Uint8Array>;

/** An input opened for reading, with its first bytes already in hand for detection. */
export interface OpenedInput {
  /** The input as named in messages: the path, or the name given for a stream. */
  file: string | undefined;
  /**
   * The first {@link sampleByteCount} bytes of the input (all of it when shorter). Exactly that many
   * whatever the chunking, so detection gives the same answer for the same file however it is delivered.
   */
  sample: Uint8Array;
  /** True when {@link OpenedInput.sample} holds the whole input. */
  complete: boolean;
  /** Every byte of the input from the start (the sample included), in order. Iterate once. */
  chunks: AsyncIterable<Uint8Array>;
  /** Releases the file. Safe to call more than once and after the chunks were read to the end. */
  close(): Promise<void>;
}

/** Bytes read up front for encoding detection: enough for statistics, small enough to stay cheap. */
export const sampleByteCount = 64 * 1024;

/**
 * Opens `source` and reads its first {@link sampleByteCount} bytes. File-system failures become
 * `InputError`s that name the file (`file_not_found`, `not_a_file`, `permission_denied`, `unreadable_file`).
 */
export async function openInput(source: InputSource, options: { file?: string } = {}): Promise<OpenedInput> {
  const file = options.file ?? (typeof source === 'string' ? source : undefined);
  const iterator = await openIterator(source, file);
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let exhausted = false;
  try {
    while (headBytes < sampleByteCount) {
      const next = await iterator.next();
      if (next.done === true) {
        exhausted = true;
        break;
      }
      const chunk = checkChunk(next.value);
      head.push(chunk);
      headBytes += chunk.length;
    }
  } catch (error) {
    await iterator.return?.();
    throw toInputError(error, file);
  }

  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await iterator.return?.();
  };
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      yield* head.splice(0);
      while (!exhausted) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = await iterator.next();
        } catch (error) {
          throw toInputError(error, file);
        }
        if (next.done === true) break;
        yield checkChunk(next.value);
      }
    } finally {
      await close();
    }
  }
  const sample = concatenate(head, headBytes).subarray(0, sampleByteCount);
  return { file, sample, complete: exhausted && headBytes <= sampleByteCount, chunks: chunks(), close };
}

async function openIterator(
  source: InputSource,
  file: string | undefined,
): Promise<AsyncIterator<Uint8Array>> {
  if (typeof source === 'string') {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(source, 'r');
    } catch (error) {
      throw toInputError(error, file);
    }
    const isFile = await handle.stat().then(
      (stats) => stats.isFile(),
      () => false,
    );
    if (!isFile) {
      await handle.close();
      throw new InputError({
        code: 'not_a_file',
        file,
        message:
          'this is a directory or device, not a file. Pass the path of the exported CSV, text or JSONL file.',
      });
    }
    // The stream closes the handle when it ends or is destroyed (iterator return).
    return handle.createReadStream({ highWaterMark: sampleByteCount })[Symbol.asyncIterator]();
  }
  if (source instanceof Uint8Array) return singleChunk(source);
  return source[Symbol.asyncIterator]();
}

async function* singleChunk(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

function checkChunk(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  // A Readable with setEncoding() yields strings: the bytes are already decoded with a guessed encoding.
  throw new TypeError('Input streams must yield bytes (Uint8Array); do not call setEncoding() on them.');
}

function concatenate(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const result = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}

const fileErrors: Record<string, { code: string; message: string }> = {
  ENOENT: { code: 'file_not_found', message: 'no such file. Check the path and the current directory.' },
  EISDIR: {
    code: 'not_a_file',
    message: 'this is a directory, not a file. Pass the path of the exported file.',
  },
  EACCES: {
    code: 'permission_denied',
    message: 'permission denied. Check that your account can read this file.',
  },
  EPERM: {
    code: 'permission_denied',
    message: 'permission denied. Check that your account can read this file.',
  },
};

function toInputError(error: unknown, file: string | undefined): unknown {
  if (InputError.isInstance(error) || error instanceof TypeError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const known = typeof code === 'string' ? fileErrors[code] : undefined;
  if (known !== undefined) return new InputError({ ...known, file, cause: error });
  const reason = error instanceof Error ? error.message : String(error);
  return new InputError({
    code: 'unreadable_file',
    file,
    message: `the file could not be read (${reason}). Check the disk or copy the file locally and try again.`,
    cause: error,
  });
}
