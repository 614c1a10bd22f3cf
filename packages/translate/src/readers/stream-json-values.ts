import JSONParser from '@streamparser/json/jsonparser.js';
import TokenType from '@streamparser/json/utils/types/tokenType.js';
import type { EncodingDetection } from './detect-encoding';
import { invalidJsonAt, repairedJsonText } from './read-json-document';

/** One value found at one of the paths asked for, and where. */
export interface JsonValueFound {
  value: unknown;
  /** Its key in its parent: a property name, or an index in an array. */
  key: string | number | undefined;
  /**
   * The keys leading to its parent from the top: `[undefined, 'chats', 'list', 0, 'messages']` for the
   * first message of the first chat of a full Telegram export (the top level has no key).
   */
  path: ReadonlyArray<string | number | undefined>;
}

/**
 * Parses a JSON document as it is decoded (Telegram's invalid `\xNN` escapes repaired on the way, see
 * `repairedJsonText`) and yields, in document order, every value found at one of `paths` (a subset of
 * JSONPath: `$.messages.*`, `$.chats.list.*.messages.*`). A value yielded is dropped from its parent, so
 * memory holds one chunk of text and the values of that chunk, not the document: a 2 GB `result.json`
 * reads in the memory a small one does. Containers not asked for are still built, without what was
 * yielded from them. `repairedEscapes()` counts the repaired escapes once the values are read.
 *
 * A syntax error is an `InputError` `invalid_json` naming its line, as `readJsonDocument`'s is.
 */
export function streamJsonValues(
  bytes: AsyncIterable<Uint8Array>,
  options: {
    encoding: EncodingDetection;
    file: string | undefined;
    paths: readonly string[];
    /**
     * Told the name of every member of the top-level object as it is reached, whatever its value: shows
     * which sections a document has (`messages`, `chats`) without keeping them.
     */
    onTopLevelKey?: (key: string) => void;
  },
): { values: AsyncIterable<JsonValueFound>; repairedEscapes(): number } {
  const text = repairedJsonText(bytes, options.encoding, options.file);
  async function* values(): AsyncGenerator<JsonValueFound> {
    const parser = new JSONParser({ paths: [...options.paths], keepStack: false });
    let found: JsonValueFound[] = [];
    // The parser's stack changes as it goes on: where a value was is copied while it is current.
    parser.onValue = (element) => {
      found.push({
        value: element.value,
        key: element.key,
        path: element.stack.map((container) => container.key),
      });
    };
    // Where the last token started (bytes from the start): the token parser's errors name no position.
    let lastTokenOffset: number | undefined;
    // Depth in containers, and the last string read at depth 1: a key when a colon follows it there.
    let depth = 0;
    let lastString: string | undefined;
    parser.onToken = (token) => {
      lastTokenOffset = token.offset;
      if (token.token === TokenType.LEFT_BRACE || token.token === TokenType.LEFT_BRACKET) depth++;
      else if (token.token === TokenType.RIGHT_BRACE || token.token === TokenType.RIGHT_BRACKET) depth--;
      else if (depth === 1 && token.token === TokenType.STRING) lastString = String(token.value);
      else if (depth === 1 && token.token === TokenType.COLON && lastString !== undefined)
        options.onTopLevelKey?.(lastString);
      if (token.token !== TokenType.STRING) {
        if (token.token !== TokenType.COLON) lastString = undefined;
      }
    };
    // Lines before the current chunk, and its UTF-8 offset, to turn the parser's byte position into a line.
    let linesBefore = 0;
    let bytesBefore = 0;
    const write = (chunk: string | undefined) => {
      try {
        // The parser ends itself once the top-level value is complete.
        if (chunk === undefined) {
          if (!parser.isEnded) parser.end();
        } else parser.write(chunk);
      } catch (error) {
        const stated = /absolute position "(\d+)"/.exec(error instanceof Error ? error.message : '');
        const position = stated === null ? lastTokenOffset : Number(stated[1]);
        let line: number | undefined;
        if (position !== undefined && position >= bytesBefore && chunk !== undefined) {
          const offset = position - bytesBefore;
          const head = Buffer.from(chunk, 'utf8').subarray(0, Math.max(0, offset)).toString('utf8');
          line = linesBefore + countLines(head);
        } else if (chunk === undefined) {
          line = linesBefore + 1;
        }
        throw invalidJsonAt(error, line, options.file);
      }
      if (chunk !== undefined) {
        linesBefore += countLines(chunk) - 1;
        bytesBefore += Buffer.byteLength(chunk, 'utf8');
      }
    };
    for await (const chunk of text.chunks) {
      write(chunk);
      const ready = found;
      found = [];
      yield* ready;
    }
    write(undefined);
    yield* found;
  }
  return { values: values(), repairedEscapes: () => text.count() };
}

/** Lines `text` spans: 1 plus its line breaks (CRLF counted once). */
function countLines(text: string): number {
  let lines = 1;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x0a) lines++;
    else if (code === 0x0d && text.charCodeAt(index + 1) !== 0x0a) lines++;
  }
  return lines;
}
