import { InputError } from '@toex/core';
import { decodeText } from './decode-text';
import { detectEncoding } from './detect-encoding';
import { type InputSource, openInput } from './open-input';
import { singleUseRows } from './single-use-rows';
import type { InputDocument, SourceRow } from './source-row';
import { splitLines } from './split-lines';

/** Options for {@link readText}. */
export interface TextReaderOptions {
  /** Names the input in messages when `source` is not a path. */
  file?: string;
  /** Character encoding instead of detecting it: any `TextDecoder` label. */
  encoding?: string;
  /** Longest line accepted, in characters. Bounds memory. Defaults to 1,000,000. */
  maxLineCharacters?: number;
}

/** The column name text rows use: the header of a CSV written from a text file. */
export const textColumnName = 'text';

/**
 * Opens a plain text file and streams it as one row per line, so the output lines up 1:1 with the input:
 * empty lines are kept as rows with empty text (the pipeline skips translating them). A WhatsApp chat
 * export read this way gives one row per physical line, continuation lines included.
 *
 * Errors: `InputError` `file_not_found`, `empty_file`, `binary_file`, `unknown_encoding`,
 * `invalid_encoding`, `line_too_long`.
 */
export async function readText(source: InputSource, options: TextReaderOptions = {}): Promise<InputDocument> {
  const input = await openInput(source, { file: options.file });
  const { file } = input;
  try {
    const encoding = detectEncoding(input.sample, { encoding: options.encoding, file });
    const lines = splitLines(decodeText(input.chunks, encoding, file), {
      file,
      maxLineCharacters: options.maxLineCharacters ?? 1_000_000,
    });
    // Read the first line now, so an empty file or an early decoding error is reported on opening.
    const first = await lines.next();
    if (first.done === true) {
      throw new InputError({
        code: 'empty_file',
        file,
        message: 'the file is empty. Check that you passed the right file.',
      });
    }
    async function* rows(): AsyncGenerator<SourceRow> {
      try {
        let index = 0;
        for (let next = first; next.done !== true; next = await lines.next()) {
          const { text, line } = next.value;
          yield { index: index++, line, cells: [text], texts: [{ column: textColumnName, text }] };
        }
      } finally {
        await input.close();
      }
    }
    return {
      format: 'text',
      file,
      encoding,
      preamble: [],
      header: [textColumnName],
      textColumns: { columns: [{ name: textColumnName, index: 0 }], reason: 'every line is one text' },
      layout: 'one text per line',
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
