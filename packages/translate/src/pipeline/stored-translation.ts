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
  /**
   * The job that paid the provider for this segment and what it paid, so that a job resumed after a kill
   * bills what its killed attempt paid for exactly once (see `billEarlierAttempts`). Absent in entries
   * written before it was recorded.
   */
  paidBy?: StoredPayment;
}

/** Which job paid for a stored segment, and its share of the request's billed characters. */
export interface StoredPayment {
  jobId: string;
  /** This segment's share of the billed characters, by our count (or the provider's billable count). */
  characters: number;
  /** This segment's share of what the provider reported metering; absent when it did not report. */
  reportedCharacters?: number;
}

const storedTranslationSchema = z.object({
  translations: z.record(z.string(), z.string()),
  detectedLanguage: z.string().optional(),
  detectedScore: z.number().min(0).max(1).optional(),
  truncated: z.boolean().optional(),
  paidBy: z
    .object({
      jobId: z.string(),
      characters: z.number().nonnegative(),
      reportedCharacters: z.number().nonnegative().optional(),
    })
    .optional(),
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
  const { translations, detectedLanguage, detectedScore, truncated, paidBy } = parsed.data;
  return {
    translations,
    ...(detectedLanguage === undefined ? {} : { detectedLanguage }),
    ...(detectedScore === undefined ? {} : { detectedScore }),
    ...(truncated === true ? { truncated } : {}),
    ...(paidBy === undefined
      ? {}
      : {
          paidBy: {
            jobId: paidBy.jobId,
            characters: paidBy.characters,
            ...(paidBy.reportedCharacters === undefined
              ? {}
              : { reportedCharacters: paidBy.reportedCharacters }),
          },
        }),
  };
}

/**
 * Splits a request's `total` billed characters over its texts in proportion to `weights` (each text's
 * own count), in whole characters that add up to `total` exactly.
 */
export function apportionCharacters(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((all, weight) => all + weight, 0);
  if (weights.length === 0) return [];
  const shares = weights.map((weight) =>
    sum === 0 ? Math.floor(total / weights.length) : Math.floor((total * weight) / sum),
  );
  const rest = total - shares.reduce((all, share) => all + share, 0);
  shares[shares.length - 1]! += rest;
  return shares;
}
