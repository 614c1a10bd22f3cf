import { ConfigurationError } from '@toex/core';
import type { OutputRows, WriteResult, WriterOptions } from './output-row';
import { writeOutput } from './write-output';

/** Options for {@link writeJsonl}. */
export interface JsonlWriterOptions extends WriterOptions {
  /** Names of the added cells, in order: the keys of the object written under `key`. */
  addedColumns: readonly string[];
  /** Column names used to build an object for rows read from CSV or text (which have no JSON record). */
  header?: readonly string[];
  /** Property the added cells are written under. Defaults to `translations`. */
  key?: string;
}

/**
 * Writes one JSON object per line (`\n`, no byte-order mark), in the order given:
 * - a row read from JSONL keeps its record, with `{ [key]: { [addedColumn]: value } }` added; a record
 *   that is not an object is wrapped as `{ value: record, [key]: … }`;
 * - a row read from CSV or text becomes an object of its cells by header name (later duplicates get
 *   ` (2)`, ` (3)`…; extra cells `Column N`), plus the added cells under `key`.
 *
 * A record that already has a `key` property stops writing with `ConfigurationError`
 * `output_key_exists` rather than overwriting it: pass another `key`.
 */
export async function writeJsonl(rows: OutputRows, options: JsonlWriterOptions): Promise<WriteResult> {
  const key = options.key ?? 'translations';
  const names = uniqueNames(options.header ?? []);
  return writeOutput(rows, options, {
    prefix: '',
    serialise: ({ source, added }) => {
      const additions = Object.fromEntries(
        options.addedColumns.map((name, index) => [name, added[index] ?? '']),
      );
      const base = baseObject(source.record, source.cells, names);
      if (Object.hasOwn(base, key)) {
        throw new ConfigurationError({
          code: 'output_key_exists',
          setting: 'key',
          message: `The record read from line ${source.line} already has a "${key}" property, which the output would overwrite. Choose another output key.`,
        });
      }
      return `${JSON.stringify({ ...base, [key]: additions })}\n`;
    },
  });
}

function baseObject(
  record: unknown,
  cells: readonly string[],
  names: readonly string[],
): Record<string, unknown> {
  if (record !== undefined) {
    const isObject = typeof record === 'object' && record !== null && !Array.isArray(record);
    return isObject ? (record as Record<string, unknown>) : { value: record };
  }
  return Object.fromEntries(cells.map((cell, index) => [names[index] ?? `Column ${index + 1}`, cell]));
}

function uniqueNames(header: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}
