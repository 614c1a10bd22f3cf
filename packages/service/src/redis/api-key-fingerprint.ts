import { sha256Text } from '@toex/core';

/**
 * A short, stable fingerprint of a provider API key (16 hex digits of a domain-separated SHA-256), to
 * name the key in Redis keys, logs and metrics without holding the key. Workers that load the same key
 * from their environment compute the same fingerprint, and so share one rate limiter. An API key is
 * random enough that the fingerprint cannot be turned back into it.
 */
export function apiKeyFingerprint(apiKey: string): string {
  return sha256Text(`toex/api-key-fingerprint/v1\n${apiKey}`).slice(0, 16);
}
