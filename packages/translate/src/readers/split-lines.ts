import { InputError } from '@toex/core';

/** One physical line of a text or JSONL file. */
export interface PhysicalLine {
  /** The line without its line ending. */
  text: string;
  /** 1-based line number. */
  line: number;
}

/**
 * Splits decoded text chunks into physical lines on `\r\n`, `\n` or `\r`, streaming: a line ending split
 * across chunks (`\r` | `\n`) is one ending. A final line ending does not start another, empty line, so a
 * file of `n` lines ending in a newline gives `n` lines; every other line, empty ones included, is kept.
 *
 * Throws `InputError` `line_too_long` past `maxLineCharacters`, which bounds memory on a file without
 * line breaks.
 */
export async function* splitLines(
  chunks: AsyncIterable<string>,
  options: { file: string | undefined; maxLineCharacters: number },
): AsyncGenerator<PhysicalLine> {
  let pending = '';
  let line = 1;
  const lineEnding = /\r\n|\r|\n/g;
  for await (const chunk of chunks) {
    const buffer = pending + chunk;
    let start = 0;
    lineEnding.lastIndex = 0;
    for (let match = lineEnding.exec(buffer); match !== null; match = lineEnding.exec(buffer)) {
      // A \r at the very end may be the first half of a \r\n: wait for the next chunk.
      if (match[0] === '\r' && match.index === buffer.length - 1) break;
      yield { text: buffer.slice(start, match.index), line: line++ };
      start = match.index + match[0].length;
    }
    pending = buffer.slice(start);
    if (pending.length > options.maxLineCharacters) {
      throw new InputError({
        code: 'line_too_long',
        file: options.file,
        line,
        message: `this line is longer than ${options.maxLineCharacters.toLocaleString('en-GB')} characters. Check that this is a text file with one message per line.`,
      });
    }
  }
  if (pending === '') return;
  const last = pending.endsWith('\r') ? pending.slice(0, -1) : pending;
  yield { text: last, line };
}
