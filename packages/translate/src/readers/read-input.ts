import { extname } from 'node:path';
import { InputError } from '@toex/core';
import { type CsvReaderOptions, readCsv } from './csv-reader';
import { type JsonlReaderOptions, readJsonl } from './jsonl-reader';
import type { InputSource } from './open-input';
import type { InputDocument, InputFormat } from './source-row';
import { readText, type TextReaderOptions } from './text-reader';
import { readXlsx, type XlsxReaderOptions } from './xlsx-reader';

/** Options for {@link readInput}: the format, plus the options of the reader it selects. */
export interface ReadInputOptions
  extends CsvReaderOptions,
    TextReaderOptions,
    JsonlReaderOptions,
    Pick<XlsxReaderOptions, 'onSheet'> {
  /** The input format. When absent it is taken from the file extension (see {@link inputFormatFromPath}). */
  format?: InputFormat;
}

const formatsByExtension: Record<string, InputFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.tab': 'csv',
  '.txt': 'text',
  '.text': 'text',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.jsonlines': 'jsonl',
  '.xlsx': 'xlsx',
  '.xlsm': 'xlsx',
};

/** The input format a file name implies (`.csv`/`.tsv` → csv, `.txt` → text, `.jsonl`/`.ndjson` → jsonl, `.xlsx` → xlsx), if any. */
export function inputFormatFromPath(path: string): InputFormat | undefined {
  return formatsByExtension[extname(path).toLowerCase()];
}

/**
 * Opens any supported input as an {@link InputDocument}: CSV ({@link readCsv}), plain text ({@link readText}),
 * JSON Lines ({@link readJsonl}) or an Excel workbook ({@link readXlsx}), chosen by `format` or the file extension. Throws `InputError`
 * `unknown_format` when neither says which.
 */
export async function readInput(source: InputSource, options: ReadInputOptions = {}): Promise<InputDocument> {
  const file = options.file ?? (typeof source === 'string' ? source : undefined);
  const format = options.format ?? (file === undefined ? undefined : inputFormatFromPath(file));
  if (format === 'csv') return readCsv(source, options);
  if (format === 'text') return readText(source, options);
  if (format === 'jsonl') return readJsonl(source, options);
  if (format === 'xlsx') return readXlsx(source, options);
  const extension = file === undefined ? '' : extname(file).toLowerCase();
  const hint =
    extension === '.xls'
      ? ' Old Excel 97-2003 workbooks (.xls) are not read: save the file as .xlsx (Excel Workbook) first.'
      : extension === '.json'
        ? " A single JSON document (such as Telegram's result.json) is not read directly: convert it to JSONL, one message per line."
        : '';
  throw new InputError({
    code: 'unknown_format',
    file,
    message: `cannot tell the format from ${extension === '' ? 'the name' : `the extension "${extension}"`}. Pass --format csv, text, jsonl or xlsx.${hint}`,
  });
}
