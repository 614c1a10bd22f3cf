/**
 * A text as the quality checks compare it: Unicode-normalised (NFKC, so full-width and composed forms
 * match), lower-cased, runs of whitespace collapsed to one space and trimmed.
 */
export function normaliseForComparison(text: string): string {
  // ASCII is already in normal form; normalising it costs more than every other step here.
  const composed = nonAscii.test(text) ? text.normalize('NFKC') : text;
  return composed.toLowerCase().replace(/\s+/gu, ' ').trim();
}

const nonAscii = /[^\t\n\r\x20-\x7e]/;

/** Length in code points (a surrogate pair, e.g. an emoji or a rare Han character, counts once). */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

const wordPattern = /[\p{L}\p{N}]+/gu;

/** The words of a text (runs of letters and digits), lower-cased. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(wordPattern) ?? [];
}

/** Letters in `text`, in any script. */
export function letterCount(text: string): number {
  return text.match(/\p{L}/gu)?.length ?? 0;
}
