import { z } from 'zod';

/** What the translation memory holds per segment. */
export interface StoredTranslation {
  /** Translation per target language. */
  translations: Record<string, string>;
  /** Source language the provider detected, when it did. */
  detectedLanguage?: string;
}

const storedTranslationSchema = z.object({
  translations: z.record(z.string(), z.string()),
  detectedLanguage: z.string().optional(),
});

/**
 * Validates a memory entry read back from disk. Anything malformed, or missing a target language, is
 * treated as a miss (and translated again) rather than trusted.
 */
export function parseStoredTranslation(
  value: unknown,
  targets: readonly string[],
): StoredTranslation | undefined {
  const parsed = storedTranslationSchema.safeParse(value);
  if (!parsed.success) return undefined;
  if (!targets.every((target) => typeof parsed.data.translations[target] === 'string')) return undefined;
  return parsed.data.detectedLanguage === undefined
    ? { translations: parsed.data.translations }
    : { translations: parsed.data.translations, detectedLanguage: parsed.data.detectedLanguage };
}
