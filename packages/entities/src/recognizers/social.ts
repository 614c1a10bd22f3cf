import type { Finding } from '../finding';
import type { Recognizer } from './recognizer';

// Cheap test first: texts without an @ or # cannot hold one, and most chat messages have none.
const SOCIAL_HINT_TRIGGER = /[@#]/;

// @handle as used by Instagram, X, TikTok, Telegram: letters, digits, underscores and inner dots, up to
// 30 characters. Not inside an email address (nothing word-like before the @) and not a time ("@5pm").
const HANDLE =
  /(?<![\p{L}\p{N}\p{M}_.@/+-])@(?!\d{1,2}(?:[:.]\d\d)?\s?(?:am|pm)?(?![\p{L}\p{N}_]))[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\p{L}\p{N}\p{M}_@]|\.[A-Za-z0-9_])/gu;
// #hashtag in any script; it must start with a letter, so "#1" and order numbers ("#123456") are not tags.
const HASHTAG = /(?<![\p{L}\p{N}\p{M}_&#/])#[\p{L}_][\p{L}\p{N}\p{M}_]{0,138}(?![\p{L}\p{N}\p{M}_])/gu;

/** Social-media `@handles` (0.8) and `#hashtags` (0.9), normalised to lower case. */
export function createSocialRecognizer(): Recognizer {
  return {
    name: 'social',
    types: ['handle', 'hashtag'],
    needs: { anyOf: '@#' },
    find(text) {
      if (!SOCIAL_HINT_TRIGGER.test(text)) return [];
      const findings: Finding[] = [];
      for (const match of text.matchAll(HANDLE)) {
        findings.push({
          type: 'handle',
          text: match[0],
          start: match.index,
          end: match.index + match[0].length,
          normalized: match[0].toLowerCase(),
          confidence: 0.8,
          recognizer: 'social',
          validated: false,
        });
      }
      for (const match of text.matchAll(HASHTAG)) {
        // Hex colours (#ff00aa) are not tags.
        if (/^#[0-9a-f]{3}(?:[0-9a-f]{3})?$/i.test(match[0])) continue;
        findings.push({
          type: 'hashtag',
          text: match[0],
          start: match.index,
          end: match.index + match[0].length,
          normalized: match[0].toLowerCase(),
          confidence: 0.9,
          recognizer: 'social',
          validated: false,
        });
      }
      return findings;
    },
  };
}
