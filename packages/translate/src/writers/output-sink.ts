import { rename, unlink } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { createHashingWriteStream, type FileDigest, ToexError } from '@toex/core';
import type { OutputDestination } from './output-row';

/** A buffered byte sink that either commits everything written or discards it. */
export interface OutputSink {
  /**
   * Queues text. Once enough is buffered it flushes and returns a promise to await (the disk, or the
   * stream's drain); otherwise it returns nothing, so a caller writing millions of rows awaits rarely.
   */
  write(text: string): Promise<void> | undefined;
  /**
   * Flushes and, for files, syncs to disk and renames `<path>.partial` to `<path>`. Returns the bytes
   * written and, for files, their SHA-256.
   */
  commit(): Promise<{ bytes: number; sha256?: string }>;
  /** Gives up: for files, closes and deletes `<path>.partial`. Never throws. */
  discard(): Promise<void>;
}

// Characters buffered before a write: few system calls for millions of short rows, little memory.
const flushCharacters = 64 * 1024;

/** Opens `destination` for writing UTF-8 text; see {@link OutputDestination} for files versus streams. */
export async function openOutputSink(
  destination: OutputDestination,
  onChunk: ((chunk: Uint8Array) => void) | undefined,
): Promise<OutputSink> {
  const target = typeof destination === 'string' ? partialFileTarget(destination) : streamTarget(destination);
  const encoder = new TextEncoder();
  let pending = '';
  let bytes = 0;
  const flush = async (): Promise<void> => {
    if (pending === '') return;
    const chunk = encoder.encode(pending);
    pending = '';
    bytes += chunk.length;
    onChunk?.(chunk);
    await target.write(chunk);
  };
  return {
    write(text) {
      pending += text;
      return pending.length >= flushCharacters ? flush() : undefined;
    },
    async commit() {
      await flush();
      const digest = await target.commit();
      return digest === undefined ? { bytes } : { bytes, sha256: digest.sha256 };
    },
    async discard() {
      pending = '';
      await target.discard().catch(() => undefined);
    },
  };
}

interface Target {
  write(chunk: Uint8Array): Promise<void>;
  /** Finishes writing; returns the file's digest for file targets. */
  commit(): Promise<FileDigest | undefined>;
  discard(): Promise<void>;
}

// Written through @toex/core's hashing stream: the SHA-256 for the manifest is known without reading the
// file back, the bytes are synced before the rename, and the file is created readable by its owner only.
function partialFileTarget(path: string): Target {
  const partial = `${path}.partial`;
  const stream = createHashingWriteStream(partial, { flush: true });
  let failure: { error: unknown } | undefined;
  // Without a listener a failed open or write would crash the process instead of failing the job.
  stream.on('error', (error) => {
    failure ??= { error };
  });
  const check = (): void => {
    if (failure !== undefined) throw outputError(failure.error, partial);
  };
  return {
    async write(chunk) {
      check();
      if (!stream.write(chunk))
        await drained(stream).catch((error: unknown) => Promise.reject(outputError(error, partial)));
      check();
    },
    async commit() {
      check();
      stream.end();
      const digest = await stream.digest.catch((error: unknown) =>
        Promise.reject(outputError(error, partial)),
      );
      await rename(partial, path);
      return digest;
    },
    async discard() {
      stream.destroy();
      // Delete only once the handle is closed: Windows cannot delete an open file.
      if (!stream.closed) await new Promise((resolve) => stream.once('close', resolve));
      await unlink(partial).catch(() => undefined);
    },
  };
}

function outputError(error: unknown, partial: string): unknown {
  if (ToexError.isInstance(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new ToexError({
    code: 'output_not_writable',
    message: `Cannot write ${partial} (${reason}). Check that the folder exists, that you can write to it and that the disk has space.`,
    cause: error,
  });
}

function streamTarget(stream: Writable): Target {
  return {
    async write(chunk) {
      if (!stream.write(chunk)) await drained(stream);
    },
    async commit() {
      return undefined;
    },
    async discard() {},
  };
}

function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      stream.off('drain', onDrain);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    const onDrain = (): void => {
      cleanup();
      resolve();
    };
    const onError = (error: unknown): void => {
      cleanup();
      reject(error);
    };
    const onClose = (): void => {
      cleanup();
      reject(
        new ToexError({
          code: 'output_closed',
          message: 'The output stream closed before everything was written.',
        }),
      );
    };
    stream.on('drain', onDrain);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}
