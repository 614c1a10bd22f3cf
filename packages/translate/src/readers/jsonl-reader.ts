import { formatLocation, InputError } from '@toex/core';
import { decodeText } from './decode-text';
import { detectEncoding } from './detect-encoding';
import { type InputSource, openInput } from './open-input';
import { pickTextColumns } from './pick-text-columns';
import { listTextFieldPaths, parseFieldPath, readJsonField } from './read-json-field';
import { singleUseRows } from './single-use-rows';
import type { InputDocument, ReaderWarning, SourceRow, TextColumnChoice } from './source-row';
import { type PhysicalLine, splitLines } from './split-lines';

/** Options for {@link readJsonl}. */
export interface JsonlReaderOptions {
  /** Names the input in messages when `source` is not a path. */
  file?: string;
  /** Character encoding instead of detecting it: any `TextDecoder` label. */
  encoding?: string;
  /**
   * Field paths holding the text to translate (`--field`, repeatable), e.g. `text` or `message.text`.
   * When absent, the text fields of the sampled records are scored like CSV columns and the best is chosen.
   */
  fields?: readonly string[];
  /** Records read ahead to choose or check the fields. Defaults to 200. */
  sampleRows?: number;
  /** Longest line accepted, in characters. Bounds memory. Defaults to 1,000,000. */
  maxLineCharacters?: number;
  /** Called for each record that lacks a field (it is kept, with empty text). */
  onWarning?: (warning: ReaderWarning) => void;
}

interface ParsedLine {
  line: number;
  record: unknown;
}

/**
 * Opens a JSON Lines file (one JSON value per line: a chat export converted to JSONL, an API dump) and
 * streams one row per record, in order. Blank lines are not records and are skipped.
 *
 * A line that is not valid JSON stops reading with `InputError` `invalid_json` naming the line. A record
 * without a requested field is kept with empty text and reported through `onWarning`. A field naming
 * something that none of the sampled records has is `InputError` `no_such_column` (probably a typo).
 * Rows carry the parsed value in {@link SourceRow.record} so the JSONL writer can add to it.
 */
export async function readJsonl(
  source: InputSource,
  options: JsonlReaderOptions = {},
): Promise<InputDocument> {
  const requestedPaths = options.fields?.map((field) => ({
    name: field.trim(),
    path: parseFieldPath(field),
  }));
  const input = await openInput(source, { file: options.file });
  const { file } = input;
  try {
    const encoding = detectEncoding(input.sample, { encoding: options.encoding, file });
    const lines = splitLines(decodeText(input.chunks, encoding, file), {
      file,
      maxLineCharacters: options.maxLineCharacters ?? 1_000_000,
    });
    const nextRecord = async (): Promise<ParsedLine | undefined> => {
      for (let next = await lines.next(); next.done !== true; next = await lines.next()) {
        if (next.value.text.trim() !== '') return parseLine(next.value, file);
      }
      return undefined;
    };

    const sampled: ParsedLine[] = [];
    const sampleSize = options.sampleRows ?? 200;
    while (sampled.length < sampleSize) {
      const record = await nextRecord();
      if (record === undefined) break;
      sampled.push(record);
    }
    if (sampled.length === 0) {
      throw new InputError({
        code: 'empty_file',
        file,
        message:
          'the file holds no JSON records (it is empty or blank). Check that you passed the right file.',
      });
    }

    const discovered = unique(sampled.flatMap((parsed) => listTextFieldPaths(parsed.record)));
    const automatic = requestedPaths === undefined ? pickField(discovered, sampled, file) : undefined;
    const fields =
      requestedPaths ??
      (automatic?.columns ?? []).map((column) => ({ name: column.name, path: parseFieldPath(column.name) }));
    for (const field of requestedPaths ?? []) {
      if (!sampled.some((parsed) => readJsonField(parsed.record, field.path).found)) {
        throw new InputError({
          code: 'no_such_column',
          file,
          column: field.name,
          message:
            `none of the first ${sampled.length} records has the field "${field.name}". ` +
            `Text fields found: ${discovered.length === 0 ? 'none' : discovered.map((name) => `"${name}"`).join(', ')}.`,
        });
      }
    }
    const header = fields.map((field) => field.name);
    const textColumns: TextColumnChoice = {
      columns: header.map((name, index) => ({ name, index })),
      reason:
        automatic?.reason ??
        `field${header.length === 1 ? '' : 's'} ${header.map((name) => `"${name}"`).join(', ')}, as requested`,
    };

    let index = 0;
    const toRow = (parsed: ParsedLine): SourceRow => {
      const rowIndex = index++;
      const cells = fields.map((field) => {
        const value = readJsonField(parsed.record, field.path);
        if (value.found) return value.text;
        options.onWarning?.({
          code: 'missing_field',
          message:
            `${formatLocation({ file, line: parsed.line })}record ${rowIndex + 1} ` +
            `${value.reason === 'missing' ? 'has no field' : 'has no text in the field'} "${field.name}"; it is kept with empty text.`,
          ...(file === undefined ? {} : { file }),
          line: parsed.line,
          index: rowIndex,
        });
        return '';
      });
      return {
        index: rowIndex,
        line: parsed.line,
        cells,
        texts: cells.map((text, position) => ({ column: header[position] ?? '', text })),
        record: parsed.record,
      };
    };

    async function* rows(): AsyncGenerator<SourceRow> {
      try {
        for (const parsed of sampled.splice(0)) yield toRow(parsed);
        for (let parsed = await nextRecord(); parsed !== undefined; parsed = await nextRecord())
          yield toRow(parsed);
      } finally {
        await input.close();
      }
    }
    return {
      format: 'jsonl',
      file,
      encoding,
      preamble: [],
      header,
      textColumns,
      layout: 'one JSON record per line',
      rows: singleUseRows(rows()),
      close: async () => {
        await lines.return(undefined);
        await input.close();
      },
    };
  } catch (error) {
    await input.close();
    throw error;
  }
}

function parseLine(line: PhysicalLine, file: string | undefined): ParsedLine {
  try {
    return { line: line.line, record: JSON.parse(line.text) as unknown };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new InputError({
      code: 'invalid_json',
      file,
      line: line.line,
      message: `this line is not valid JSON (${detail}). Each line of a JSONL file must be one complete JSON value; fix or remove the line.`,
      cause: error,
    });
  }
}

function pickField(
  discovered: readonly string[],
  sampled: readonly ParsedLine[],
  file: string | undefined,
): TextColumnChoice {
  const paths = discovered.map(parseFieldPath);
  const sample = sampled.map((parsed) =>
    paths.map((path) => {
      const value = readJsonField(parsed.record, path);
      return value.found ? value.text : '';
    }),
  );
  return pickTextColumns({ header: discovered, sample, file, noun: 'field' });
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
