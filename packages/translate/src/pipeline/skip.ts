/** Why a text was not sent for translation. Written to the output as `skipped:<reason>`. */
export type SkipReason = 'empty' | 'whitespace' | 'no-letters' | 'url-only';

// A "letter" is anything a language could need translating: Unicode letters in any script.
const letterPattern = /\p{L}/u;
const urlPattern = /^(?:(?:https?|ftp):\/\/|www\.)\S+$/i;
// What every URL above contains: a text without it cannot be URLs only, and is not split into words.
const urlMark = /:\/\/|www\./i;

/**
 * Decides whether a text needs no translation: empty, only whitespace, no letters at all (digits,
 * punctuation, emoji, phone numbers) or nothing but URLs. Such texts are copied through unchanged and
 * cost nothing. Returns `undefined` when the text should be translated.
 */
export function skipReason(text: string): SkipReason | undefined {
  if (text.length === 0) return 'empty';
  const trimmed = text.trim();
  if (trimmed.length === 0) return 'whitespace';
  if (!letterPattern.test(trimmed)) return 'no-letters';
  if (urlMark.test(trimmed) && trimmed.split(/\s+/).every((word) => urlPattern.test(word))) return 'url-only';
  return undefined;
}
