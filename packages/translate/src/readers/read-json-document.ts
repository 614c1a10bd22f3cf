import { InputError } from '@toex/core';
import { decodeText } from './decode-text';
import { detectEncoding, type EncodingDetection } from './detect-encoding';
import { type InputSource, openInput } from './open-input';

/** A whole JSON document, parsed, with what was repaired on the way. */
export interface JsonDocument {
  file: string | undefined;
  encoding: EncodingDetection;
  value: unknown;
  /** How many invalid `\xNN` escapes were rewritten as `\u00NN` before parsing. */
  repairedEscapes: number;
}

// `\\` is matched too, so the `x` of an escaped backslash followed by "x41" is never taken for an escape.
const backslashEscape = /\\(\\|x([0-9A-Fa-f]{2}))/g;

/**
 * Rewrites the `\xNN` escapes Telegram Desktop writes for control characters (not legal JSON, tdesktop
 * #27571) as `\u00NN`, leaving every other escape as it is. Returns the text and how many were rewritten.
 */
export function repairJsonEscapes(text: string): { text: string; repaired: number } {
  let repaired = 0;
  const result = text.replace(backslashEscape, (whole, _escaped: string, hex: string | undefined) => {
    if (hex === undefined) return whole;
    repaired += 1;
    return `\\u00${hex}`;
  });
  return { text: repaired === 0 ? text : result, repaired };
}

/**
 * Reads and parses a JSON document (a chat export's `result.json` or `message_N.json`). The text is
 * decoded and repaired as it streams in, parsed, and let go: at the peak one copy of the text and the
 * parsed value are held, never a second copy of either. `InputError` `invalid_json` names the line of a syntax
 * error.
 */
export async function readJsonDocument(
  source: InputSource,
  options: { file?: string; encoding?: string } = {},
): Promise<JsonDocument> {
  const input = await openInput(source, { file: options.file });
  const { file } = input;
  try {
    const encoding = detectEncoding(input.sample, { encoding: options.encoding, file });
    let text = '';
    const repaired = repairedJsonText(input.chunks, encoding, file);
    for await (const chunk of repaired.chunks) text += chunk;
    try {
      return { file, encoding, value: JSON.parse(text) as unknown, repairedEscapes: repaired.count() };
    } catch (error) {
      throw invalidJson(error, text, file);
    }
  } finally {
    await input.close();
  }
}

/**
 * The text of a JSON document as it is decoded, chunk by chunk, with Telegram's invalid `\xNN` escapes
 * rewritten as `\u00NN` (see {@link repairJsonEscapes}); `count()` says how many were, once the chunks are
 * read. A chunk that ends inside a backslash run or an escape (`\`, `\x`, `\x0`) leaves that run for the
 * next, so an escape split between chunks is repaired like any other.
 */
export function repairedJsonText(
  bytes: AsyncIterable<Uint8Array>,
  encoding: EncodingDetection,
  file: string | undefined,
): { chunks: AsyncIterable<string>; count(): number } {
  let repairedEscapes = 0;
  async function* chunks(): AsyncGenerator<string> {
    let carry = '';
    for await (const chunk of decodeText(bytes, encoding, file)) {
      const pending = carry + chunk;
      const cut = unfinishedEscapeStart(pending);
      const repaired = repairJsonEscapes(pending.slice(0, cut));
      repairedEscapes += repaired.repaired;
      carry = pending.slice(cut);
      if (repaired.text !== '') yield repaired.text;
    }
    const last = repairJsonEscapes(carry);
    repairedEscapes += last.repaired;
    if (last.text !== '') yield last.text;
  }
  return { chunks: chunks(), count: () => repairedEscapes };
}

/** Where a trailing backslash run starts when an escape may continue into the next chunk; else the length. */
function unfinishedEscapeStart(text: string): number {
  const last = text.lastIndexOf('\\');
  // `\xNN` is four characters: a backslash further back than that cannot start an unfinished escape.
  if (last === -1 || text.length - last > 3) return text.length;
  let start = last;
  while (start > 0 && text[start - 1] === '\\') start -= 1;
  return start;
}

/** The `invalid_json` error for a syntax error at `line` (when known) of `file`. */
export function invalidJsonAt(
  error: unknown,
  line: number | undefined,
  file: string | undefined,
): InputError {
  const detail = error instanceof Error ? error.message : String(error);
  return new InputError({
    code: 'invalid_json',
    file,
    ...(line === undefined ? {} : { line }),
    message: `the file is not valid JSON (${detail}). Check that the export finished and the file is complete.`,
    cause: error,
  });
}

function invalidJson(error: unknown, text: string, file: string | undefined): InputError {
  const detail = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(detail);
  const line = position === null ? undefined : text.slice(0, Number(position[1])).split(/\r\n|\r|\n/).length;
  return new InputError({
    code: 'invalid_json',
    file,
    ...(line === undefined ? {} : { line }),
    message: `the file is not valid JSON (${detail}). Check that the export finished and the file is complete.`,
    cause: error,
  });
}
