import { z } from 'zod';

/** What the translation memory holds per segment. */
export interface StoredTranslation {
  /** Translation per target language. */
  translations: Record<string, string>;
  /** Source language the provider detected, when it did. */
  detectedLanguage?: string;
  /** The provider's confidence in `detectedLanguage`, 0 to 1, when it reported one. */
  detectedScore?: number;
  /** True when the provider reported it stopped short on this text. */
  truncated?: boolean;
}

const storedTranslationSchema = z.object({
  translations: z.record(z.string(), z.string()),
  detectedLanguage: z.string().optional(),
  detectedScore: z.number().min(0).max(1).optional(),
  truncated: z.boolean().optional(),
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
  const { translations, detectedLanguage, detectedScore, truncated } = parsed.data;
  return {
    translations,
    ...(detectedLanguage === undefined ? {} : { detectedLanguage }),
    ...(detectedScore === undefined ? {} : { detectedScore }),
    ...(truncated === true ? { truncated } : {}),
  };
}
