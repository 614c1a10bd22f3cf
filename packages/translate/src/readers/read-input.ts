import { extname } from 'node:path';
import { InputError } from '@toex/core';
import type { ChatReaderOptions } from './chat-reader-options';
import { type CsvReaderOptions, readCsv } from './csv-reader';
import { detectChatFormat } from './detect-input-format';
import { readFacebook } from './facebook-reader';
import { type JsonlReaderOptions, readJsonl } from './jsonl-reader';
import { type InputSource, openInput } from './open-input';
import type { InputDocument, InputFormat } from './source-row';
import { readTelegram } from './telegram-reader';
import { readText, type TextReaderOptions } from './text-reader';
import { readWhatsApp } from './whatsapp-reader';
import { readXlsx, type XlsxReaderOptions } from './xlsx-reader';

/** Options for {@link readInput}: the format, plus the options of the reader it selects. */
export interface ReadInputOptions
  extends CsvReaderOptions,
    TextReaderOptions,
    JsonlReaderOptions,
    ChatReaderOptions,
    Pick<XlsxReaderOptions, 'onSheet'> {
  /**
   * The input format (`--input-format`). When absent, a chat export is recognised from the content
   * (see {@link detectChatFormat}); anything else is taken from the file extension (see {@link inputFormatFromPath}).
   */
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

const chatFormatNames = {
  whatsapp: 'WhatsApp export',
  telegram: 'Telegram export',
  facebook: 'Facebook/Instagram export',
};

/** The input format a file name implies (`.csv`/`.tsv` → csv, `.txt` → text, `.jsonl`/`.ndjson` → jsonl, `.xlsx` → xlsx), if any. */
export function inputFormatFromPath(path: string): InputFormat | undefined {
  return formatsByExtension[extname(path).toLowerCase()];
}

/**
 * Opens any supported input as an {@link InputDocument}: CSV ({@link readCsv}), plain text ({@link readText}),
 * JSON Lines ({@link readJsonl}), an Excel workbook ({@link readXlsx}), or a WhatsApp, Telegram or Facebook chat export ({@link readWhatsApp},
 * {@link readTelegram}, {@link readFacebook}). The format is `format` when given; else a chat export
 * recognised from the first 64 KB; else the file extension (`.xlsx` → {@link readXlsx}). For a chat export
 * the layout sentence starts with how the format was chosen. Throws `InputError` `unknown_format` when
 * nothing says which.
 */
export async function readInput(source: InputSource, options: ReadInputOptions = {}): Promise<InputDocument> {
  const file = options.file ?? (typeof source === 'string' ? source : undefined);
  if (options.format !== undefined) {
    const document = await readAs(options.format, source, options);
    return options.format === 'whatsapp' || options.format === 'telegram' || options.format === 'facebook'
      ? withReason(document, `${chatFormatNames[options.format]}, as --input-format asked`)
      : document;
  }
  const extension = file === undefined ? '' : extname(file).toLowerCase();
  // A workbook is a ZIP: no chat export to find in it.
  if (extension === '.xls') throw unknownFormat(file, extension);
  if (inputFormatFromPath(file ?? '') === 'xlsx') return readXlsx(source, options);
  // Sniff the first bytes. A path or bytes can be opened again; a stream is read on from where the sniff stopped.
  const opened = await openInput(source, { file });
  let readerSource: InputSource = source;
  if (typeof source === 'string' || source instanceof Uint8Array) await opened.close();
  else readerSource = opened.chunks;
  try {
    const detected = detectChatFormat(opened.sample);
    if (detected !== undefined) {
      const document = await readAs(detected.format, readerSource, { ...options, file });
      return withReason(document, `${chatFormatNames[detected.format]}, ${detected.reason}`);
    }
    const format = file === undefined ? undefined : inputFormatFromPath(file);
    if (format !== undefined) return await readAs(format, readerSource, { ...options, file });
  } catch (error) {
    await opened.close();
    throw error;
  }
  await opened.close();
  throw unknownFormat(file, extension);
}

function unknownFormat(file: string | undefined, extension: string): InputError {
  const hint =
    extension === '.xls'
      ? ' Old Excel 97-2003 workbooks (.xls) are not read: save the file as .xlsx (Excel Workbook) first.'
      : extension === '.json'
        ? ' This JSON is neither a Telegram Desktop export (result.json) nor a Facebook/Instagram message file (message_N.json); a JSON Lines file needs one JSON value per line.'
        : '';
  return new InputError({
    code: 'unknown_format',
    file,
    message: `cannot tell the format from the content or ${extension === '' ? 'the name' : `the extension "${extension}"`}. Pass --input-format whatsapp, telegram, facebook, csv, xlsx, jsonl or text.${hint}`,
  });
}

function readAs(format: InputFormat, source: InputSource, options: ReadInputOptions): Promise<InputDocument> {
  switch (format) {
    case 'csv':
      return readCsv(source, options);
    case 'text':
      return readText(source, options);
    case 'jsonl':
      return readJsonl(source, options);
    case 'whatsapp':
      return readWhatsApp(source, options);
    case 'telegram':
      return readTelegram(source, options);
    case 'facebook':
      return readFacebook(source, options);
    case 'xlsx':
      return readXlsx(source, options);
  }
}

function withReason(document: InputDocument, reason: string): InputDocument {
  return { ...document, layout: `${reason}; ${document.layout}` };
}
