import type { TokenUsage } from '../spec';

// Errors are the core's (ApiCallError); what a refused reply still cost rides beside them, keyed by the
// error object, so no error class needs a field only token-billed providers use.
const billed = new WeakMap<object, TokenUsage>();

/**
 * Marks `error` as thrown for a reply the provider billed but that could not be used (a chat model's reply
 * whose segments do not match, or that a content filter cut): the request sender meters and charges
 * `usage` although the request failed, so the ledger still sums to the bill. Returns `error`.
 */
export function withBilledUsage<E extends object>(error: E, usage: TokenUsage): E {
  billed.set(error, usage);
  return error;
}

/** The tokens billed for the failed request `error` was thrown for, when the provider billed any. */
export function billedUsageOf(error: unknown): TokenUsage | undefined {
  return typeof error === 'object' && error !== null ? billed.get(error) : undefined;
}
