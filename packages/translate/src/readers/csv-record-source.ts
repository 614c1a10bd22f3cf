import type { TransformOptions } from 'node:stream';
import { type Options, parse } from 'csv-parse';

/** Pulls parsed CSV records one at a time. */
export interface CsvRecordSource {
  /**
   * The next record's cells, or `undefined` after the last. If parsing fails, every record parsed before
   * the failure is returned first, then the error is thrown.
   */
  next(): Promise<string[] | undefined>;
  /** Stops parsing and releases the text source. */
  close(): Promise<void>;
}

/**
 * Runs csv-parse over text chunks, driven by the consumer: a chunk is read and parsed only when every
 * record parsed so far has been taken, so memory holds at most one chunk's records whatever the file size.
 *
 * The parser is written to and read from directly, never iterated: when a stream fails, Node's async
 * iterator throws before handing over records still in its buffer, which would lose the rows before an
 * unclosed quote and misplace the error's line. Records parsed before a failure stay readable after it.
 * (csv-parse's `on_record` hook would do the same, but builds an info object for every record, a sixth of
 * the parser's time.)
 */
export function createCsvRecordSource(
  text: AsyncIterator<string | Uint8Array>,
  options: Omit<Options, 'on_record'>,
): CsvRecordSource {
  let queue: string[][] = [];
  let taken = 0;
  let failure: { error: unknown } | undefined;
  let textEnded = false;
  let parserEnded = false;
  const fail = (error: unknown): void => {
    failure ??= { error };
  };
  // csv-parse hands its options on to the stream (not in its types). One chunk's records at most are
  // buffered before they are drained, so the buffer needs no limit; a limit would hold back the write
  // callback until they are read.
  const streamOptions: Pick<TransformOptions, 'readableHighWaterMark'> = {
    readableHighWaterMark: Number.MAX_SAFE_INTEGER,
  };
  const parser = parse({ ...options, ...streamOptions } as Options);
  parser.on('error', fail);
  const drain = (): void => {
    for (let record = parser.read() as string[] | null; record !== null; record = parser.read()) {
      queue.push(record);
    }
  };

  const write = (chunk: string | Uint8Array): Promise<void> =>
    new Promise((resolve) => {
      parser.write(chunk, (error) => {
        if (error) fail(error);
        drain();
        resolve();
      });
    });
  const end = (): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        drain();
        resolve();
      };
      parser.once('end', done);
      parser.once('close', done);
      parser.once('error', done);
      parser.end();
      // 'end' comes only once the readable side is read to its end.
      parser.once('readable', drain);
      drain();
    });

  return {
    async next() {
      for (;;) {
        if (taken < queue.length) {
          const record = queue[taken++]!;
          if (taken === queue.length) {
            queue = [];
            taken = 0;
          }
          return record;
        }
        if (failure !== undefined) throw failure.error;
        if (parserEnded) return undefined;
        if (textEnded) {
          await end();
          parserEnded = true;
          continue;
        }
        const chunk = await text.next();
        if (chunk.done === true) textEnded = true;
        else await write(chunk.value);
      }
    },
    async close() {
      parser.destroy();
      await text.return?.();
    },
  };
}
