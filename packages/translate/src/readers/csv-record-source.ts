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
 * Records are collected with csv-parse's synchronous `on_record` hook rather than read from the stream:
 * when a stream fails, Node's async iterator throws before handing over records still in its buffer, which
 * would lose the rows before an unclosed quote and misplace the error's line.
 */
export function createCsvRecordSource(
  text: AsyncIterator<string>,
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
  const parser = parse({
    ...options,
    on_record: (record: string[]) => {
      queue.push(record);
      // Returning null keeps the record out of the stream's buffer: the queue is the only copy.
      return null;
    },
  });
  parser.on('error', fail);
  // Nothing is pushed to the readable side, but it must flow for the stream to finish.
  parser.resume();

  const write = (chunk: string): Promise<void> =>
    new Promise((resolve) => {
      parser.write(chunk, (error) => {
        if (error) fail(error);
        resolve();
      });
    });
  const end = (): Promise<void> =>
    new Promise((resolve) => {
      parser.once('finish', resolve);
      parser.once('close', resolve);
      parser.once('error', () => resolve());
      parser.end();
    });

  return {
    async next() {
      for (;;) {
        if (taken < queue.length) {
          const record = queue[taken++];
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
