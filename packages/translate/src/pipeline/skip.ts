/**
 * What a text is, as its reader knows from the format: a `message` someone wrote, a `media` placeholder
 * (`<Media omitted>`, a photo with no caption) or a `system` line the app wrote (group created, member
 * added). Only messages are ever translated.
 */
export type TextKind = 'message' | 'media' | 'system';

/**
 * Why a text was not sent for translation. Written to the output as `skipped:<reason>`. `media` and
 * `system` come from the text's {@link TextKind}; the others from the text itself.
 */
export type SkipReason = 'empty' | 'whitespace' | 'no-letters' | 'url-only' | 'media' | 'system';

/** The skip rules in the order they are applied, as recorded in the manifest. */
export const skipRules: readonly SkipReason[] = [
  'media',
  'system',
  'empty',
  'whitespace',
  'no-letters',
  'url-only',
];

// A "letter" is anything a language could need translating: Unicode letters in any script.
const letterPattern = /\p{L}/u;
const urlPattern = /^(?:(?:https?|ftp):\/\/|www\.)\S+$/i;
// What every URL above contains: a text without it cannot be URLs only, and is not split into words.
const urlMark = /:\/\/|www\./i;

/**
 * Decides whether a text needs no translation: a media placeholder or system line (by its `kind`), empty,
 * only whitespace, no letters at all (digits, punctuation, emoji, phone numbers) or nothing but URLs.
 * Such texts are copied through unchanged and cost nothing. Returns `undefined` when the text should be
 * translated.
 */
export function skipReason(text: string, kind: TextKind = 'message'): SkipReason | undefined {
  // A placeholder's words ("image omitted") are the app's, not the speaker's: never send them.
  if (kind !== 'message') return kind;
  if (text.length === 0) return 'empty';
  const trimmed = text.trim();
  if (trimmed.length === 0) return 'whitespace';
  if (!letterPattern.test(trimmed)) return 'no-letters';
  if (urlMark.test(trimmed) && trimmed.split(/\s+/).every((word) => urlPattern.test(word))) return 'url-only';
  return undefined;
}
