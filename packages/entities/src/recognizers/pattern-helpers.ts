import type { EntityType, Finding } from '../finding';

// JavaScript's \b and \w are ASCII-only, so "Zoë123" would have a boundary inside it. These lookarounds
// treat any letter, digit or mark of any script as part of a word.
/** Lookbehind: no letter, digit, mark or underscore just before. */
export const NOT_AFTER_WORD = '(?<![\\p{L}\\p{N}\\p{M}_])';
/** Lookahead: no letter, digit, mark or underscore just after. */
export const NOT_BEFORE_WORD = '(?![\\p{L}\\p{N}\\p{M}_])';

/** Builds a finding for `text.slice(start, end)`. */
export function finding(
  type: EntityType,
  text: string,
  start: number,
  end: number,
  fields: { normalized: string; confidence: number; recognizer: string; validated: boolean },
): Finding {
  return { type, text: text.slice(start, end), start, end, ...fields };
}

/** The ASCII digits of a string, with separators removed. */
export function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

/**
 * True when one of `words` occurs (case-insensitively, as a word start) within `window` characters
 * before `start`: the context that turns an ambiguous number into an identifier, or into an order number.
 */
export function precededBy(text: string, start: number, words: RegExp, window = 32): boolean {
  return words.test(text.slice(Math.max(0, start - window), start));
}
