import type { TranslationProvider, TranslationRequest } from '../spec';
import { billedCharactersPerText } from './billed-characters';

/**
 * What one request is billed in. Characters are always counted (by the provider's billing rule); tokens
 * only for providers billed per token, where they are priced instead of the characters.
 */
export interface RequestUsage {
  /** Characters by the provider's billing rule, markup and targets included. */
  characters: number;
  /** Input (prompt) tokens: the provider's estimate before sending, its reported figure after. */
  inputTokens?: number;
  /** Output (reply) tokens, likewise. */
  outputTokens?: number;
}

/**
 * The usage a request will be billed, counted before it is sent: its characters by the billing rule and,
 * for a provider billed per token, its `estimateTokens`. Budgets reserve on this; a provider billed per
 * token that cannot estimate is reserved on its characters, one token each (a token is rarely shorter
 * than a character, so the reservation errs high).
 */
export function estimateRequestUsage(
  provider: TranslationProvider,
  request: TranslationRequest,
): RequestUsage {
  const characters = billedCharactersPerText(provider, request).reduce((sum, count) => sum + count, 0);
  if (provider.billing.unit !== 'token') return { characters };
  const tokens = provider.estimateTokens?.(request) ?? {
    inputTokens: characters,
    outputTokens: characters,
  };
  return { characters, ...tokens };
}
