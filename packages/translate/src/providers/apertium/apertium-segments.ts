import { utf8ByteLength } from '@toex/core';

/**
 * Several texts in one APY request, safely.
 *
 * APY translates only one `q` per request, and Apertium treats a newline as an ordinary blank, so texts
 * joined by newlines bleed into each other ("Gracias hermano⏎Buenas noches" → "Thank you Good⏎brother
 * nights"). APY's default HTML deformatter, however, ends a sentence at every block element: it turns
 * `<p>a</p><p>b</p>` into `.[][<p>]a.[][<\/p><p>]b.[][<\/p>]`, and no transfer rule crosses a sentence end.
 * So each text is sent as one `<p>` paragraph. Measured on APY 0.11.7 / apertium-eng-spa 0.8.1: 50 varied
 * chat messages translated in one request came back identical, message for message, to 50 single requests.
 *
 * Text is escaped so that nothing in it can be markup: `&` and `<` become entities, which the deformatter
 * passes through untouched, so a literal `</p><p>` in a message cannot fake a boundary. `*` becomes `&#42;`
 * because APY's `markUnknown=no` removes every `*` from the output, including a user's own
 * (`*importante*` → `Important*`, `5*3` → `53`). Control characters become numeric entities: NUL is APY's
 * internal flush byte and the deformatter drops the rest.
 */

/** The markup around every text. No spaces or dots, where APY's chunker prefers to cut. */
const OPEN = '<p>';
const CLOSE = '</p>';

/** Markup overhead per text, in characters and UTF-8 bytes (the tags are ASCII). */
export const SEGMENT_OVERHEAD = OPEN.length + CLOSE.length;

// C0 controls except tab, line feed and carriage return, plus DEL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const NEEDS_ESCAPE = /[&<*\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
// Exactly the entities escapeSegment writes; a user's own entities come back double-escaped.
const ENTITY = /&(amp|lt|#\d{1,3});/g;

/** Makes `text` safe to put inside a `<p>` element for APY's HTML deformatter. */
export function escapeSegment(text: string): string {
  return text.replace(NEEDS_ESCAPE, (character) => {
    if (character === '&') return '&amp;';
    if (character === '<') return '&lt;';
    return `&#${character.charCodeAt(0)};`;
  });
}

/**
 * Reverses {@link escapeSegment} on translated text. One pass, so `&amp;lt;` (a user's literal `&lt;`)
 * becomes `&lt;` again, not `<`.
 */
export function unescapeSegment(text: string): string {
  return text.replace(ENTITY, (entity, name: string) => {
    if (name === 'amp') return '&';
    if (name === 'lt') return '<';
    const code = Number(name.slice(1));
    return code <= 0x7f ? String.fromCharCode(code) : entity;
  });
}

/** The APY `q` for `texts`: one `<p>` element per text, in order. */
export function encodeSegments(texts: readonly string[]): string {
  return texts.map((text) => `${OPEN}${escapeSegment(text)}${CLOSE}`).join('');
}

/** What came back from one batched request. */
export type DecodedSegments =
  | { complete: true; segments: string[] }
  | {
      complete: false;
      /**
       * The texts that can still be trusted: those before the cut when the response simply ends early
       * (APY's truncation), none when its structure is broken in any other way.
       */
      segments: string[];
      /** Why the response cannot be trusted as complete. */
      reason: string;
    };

/**
 * Splits APY's translation of {@link encodeSegments} output back into texts and checks that it is whole:
 * exactly `expectedCount` closed `<p>` elements and nothing else. APY cuts long input into at most 10
 * chunks and silently drops the rest (HTTP 200), so a short response must never pass as complete.
 */
export function decodeSegments(translated: string, expectedCount: number): DecodedSegments {
  const output = translated.trim();
  const segments: string[] = [];
  let position = 0;
  while (position < output.length) {
    if (!output.startsWith(OPEN, position)) {
      // `<p` or `<` at the very end is a paragraph start cut short, like any other cut.
      if (OPEN.startsWith(output.slice(position))) {
        return {
          complete: false,
          segments,
          reason: `${segments.length} of ${expectedCount} texts came back`,
        };
      }
      return { complete: false, segments: [], reason: `unexpected text at character ${position}` };
    }
    const end = output.indexOf(CLOSE, position + OPEN.length);
    if (end === -1) {
      // The response stops inside a paragraph: the ones before it are whole.
      return {
        complete: false,
        segments,
        reason: `text ${segments.length + 1} of ${expectedCount} was cut off`,
      };
    }
    segments.push(unescapeSegment(output.slice(position + OPEN.length, end)));
    position = end + CLOSE.length;
  }
  if (segments.length < expectedCount) {
    return { complete: false, segments, reason: `${segments.length} of ${expectedCount} texts came back` };
  }
  if (segments.length > expectedCount) {
    return {
      complete: false,
      segments: [],
      reason: `${segments.length} texts came back for ${expectedCount} sent`,
    };
  }
  return { complete: true, segments };
}

/**
 * Groups texts (by index, in order) into batches whose encoded `q` is at most `maxBytes` UTF-8 bytes. A
 * text too large on its own gets a batch of its own.
 */
export function packSegments(texts: readonly string[], maxBytes: number): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let currentBytes = 0;
  texts.forEach((text, index) => {
    const bytes = utf8ByteLength(escapeSegment(text)) + SEGMENT_OVERHEAD;
    if (current.length > 0 && currentBytes + bytes > maxBytes) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(index);
    currentBytes += bytes;
  });
  if (current.length > 0) batches.push(current);
  return batches;
}
