import { ToexAbortError } from '@toex/core';
import type { OutputRow, OutputRows, WriteResult, WriterOptions } from './output-row';
import { openOutputSink } from './output-sink';

/** How one output format lays out its text. */
export interface OutputFormat {
  /** Written before the rows: byte-order mark, preamble, header. */
  prefix: string;
  /** One row's text, line ending included. */
  serialise(row: OutputRow): string;
}

/**
 * Writes `rows` in the order given, through the sink of `options.destination`, and commits only if every
 * row was written. Any failure — the rows' source throwing, a serialisation error, the disk, an abort —
 * discards the partial file and rethrows, so no half-written output is ever presented as complete.
 */
export async function writeOutput(
  rows: OutputRows,
  options: WriterOptions,
  format: OutputFormat,
): Promise<WriteResult> {
  ToexAbortError.throwIfAborted(options.signal);
  const sink = await openOutputSink(options.destination, options.onChunk);
  let count = 0;
  try {
    await sink.write(format.prefix);
    for await (const item of rows) {
      ToexAbortError.throwIfAborted(options.signal);
      for (const row of isBatch(item) ? item : [item]) {
        // The sink returns a promise only when it flushes, so most rows cost no await.
        const flushing = sink.write(format.serialise(row));
        if (flushing !== undefined) await flushing;
        count++;
      }
    }
    ToexAbortError.throwIfAborted(options.signal);
    const { bytes, sha256 } = await sink.commit();
    return {
      ...(typeof options.destination === 'string' ? { path: options.destination } : {}),
      bytes,
      ...(sha256 === undefined ? {} : { sha256 }),
      rows: count,
    };
  } catch (error) {
    await sink.discard();
    throw error;
  }
}

function isBatch(item: OutputRow | readonly OutputRow[]): item is readonly OutputRow[] {
  return Array.isArray(item);
}
