import { longEnoughToTrustDetection } from '../detection/language-detector';

/** How a text's source language was found when it was not given. */
export type LanguageEvidence =
  /** The local detector's guess, with its own verdict on whether to trust it. */
  | { by: 'detector'; reliable: boolean }
  /** The provider's detection, with its confidence from 0 to 1 when it reports one. */
  | { by: 'provider'; score?: number };

/** One text, as the language-confidence check sees it. */
export interface LowConfidenceLanguageInput {
  source: string;
  /** True when the job was told the source language (`--from`): nothing was guessed. */
  languageGiven: boolean;
  /** How the language was found; absent when the provider detected it without saying how sure it was. */
  evidence?: LanguageEvidence;
}

/** A provider's detection score below this is low confidence. */
export const minimumProviderDetectionScore = 0.5;

/**
 * `low-confidence-language`: the source language was guessed (no `--from`) and the guess rests on too
 * little: a text under three words or twelve letters (the same bar the job uses to trust detection
 * elsewhere), a local guess the detector itself calls unreliable, or a provider score under
 * {@link minimumProviderDetectionScore}.
 */
export function checkLowConfidenceLanguage(input: LowConfidenceLanguageInput): boolean {
  if (input.languageGiven) return false;
  if (!longEnoughToTrustDetection(input.source)) return true;
  const { evidence } = input;
  if (evidence?.by === 'detector') return !evidence.reliable;
  return evidence?.score !== undefined && evidence.score < minimumProviderDetectionScore;
}
