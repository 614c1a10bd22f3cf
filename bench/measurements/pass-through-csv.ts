import { createReadStream, createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';

/** What the pass-through did. */
export interface PassThroughResult {
  /** Data rows written (the header not counted). */
  rows: number;
}

/**
 * The baseline the pipeline is compared with: the least a streaming CSV tool can do with the same file.
 * `csv-parse` streams the input, each record gets `addedCells` appended (the header gets
 * `addedColumns`), and `csv-stringify` streams it out, UTF-8 with a byte-order mark and CRLF like
 * toex's writer. No translation, hashing, manifest or anything else.
 */
export async function passThroughCsv(
  input: string,
  output: string,
  addedColumns: readonly string[],
  addedCells: readonly string[],
): Promise<PassThroughResult> {
  let records = 0;
  await pipeline(
    createReadStream(input),
    parse({ bom: true, relax_column_count: true, relax_quotes: true }),
    new Transform({
      objectMode: true,
      transform(record: string[], _encoding, callback) {
        records += 1;
        callback(null, [...record, ...(records === 1 ? addedColumns : addedCells)]);
      },
    }),
    stringify({ bom: true, record_delimiter: '\r\n' }),
    createWriteStream(output),
  );
  return { rows: Math.max(0, records - 1) };
}
