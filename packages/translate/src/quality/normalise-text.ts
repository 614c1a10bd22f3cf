/**
 * A text as the quality checks compare it: Unicode-normalised (NFKC, so full-width and composed forms
 * match), lower-cased, runs of whitespace collapsed to one space and trimmed.
 */
export function normaliseForComparison(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase().replace(/\s+/gu, ' ').trim();
}

/** Length in code points (a surrogate pair, e.g. an emoji or a rare Han character, counts once). */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

const wordPattern = /[\p{L}\p{N}]+/gu;

/** The words of a text (runs of letters and digits), normalised as {@link normaliseForComparison}. */
export function wordsOf(text: string): string[] {
  return normaliseForComparison(text).match(wordPattern) ?? [];
}

/** Letters in `text`, in any script. */
export function letterCount(text: string): number {
  return text.match(/\p{L}/gu)?.length ?? 0;
}
