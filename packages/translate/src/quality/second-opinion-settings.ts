import { ConfigurationError } from '@toex/core';
import type { TranslationProvider } from '../spec';

/** A second translation of a sample of rows, by another provider, to find rows worth a human look. */
export interface SecondOpinionOptions {
  /** The second provider, e.g. a local Apertium beside a cloud provider. */
  provider: TranslationProvider;
  /**
   * Which translated rows get a second opinion: `all`, or every Nth row among those translated (`ok`),
   * starting with the first. Default {@link defaultSecondOpinionSample}.
   */
  sample?: 'all' | number;
  /**
   * Similarity (see `translationSimilarity`, 0 to 1) below which the two translations disagree and the
   * row is flagged `second-opinion`. Default {@link defaultSecondOpinionThreshold}.
   */
  threshold?: number;
}

/** Every 10th translated row: a tenth of the main job's characters, spread through the whole file. */
export const defaultSecondOpinionSample = 10;

/**
 * Translations sharing under 30% of their character trigrams (F1): two engines rendering one sentence
 * competently share far more; see the translate README for the measurement behind it.
 */
export const defaultSecondOpinionThreshold = 0.3;

/** The sample interval (1 for `all`) and threshold, checked. */
export function secondOpinionSettings(options: SecondOpinionOptions): { every: number; threshold: number } {
  const sample = options.sample ?? defaultSecondOpinionSample;
  const every = sample === 'all' ? 1 : sample;
  if (!Number.isInteger(every) || every < 1) {
    throw new ConfigurationError({
      code: 'invalid_setting',
      setting: 'secondOpinion.sample',
      message: `The second-opinion sample is "all" or a whole number of rows N (every Nth row), not ${String(sample)}.`,
    });
  }
  const threshold = options.threshold ?? defaultSecondOpinionThreshold;
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new ConfigurationError({
      code: 'invalid_setting',
      setting: 'secondOpinion.threshold',
      message: `The second-opinion threshold is a similarity from 0 to 1, not ${String(threshold)}.`,
    });
  }
  return { every, threshold };
}
