import { secureJsonParse } from './secure-json-parse';

/**
 * What a provider's error body says, as an `ErrorParser` reports it. Every field is optional:
 * absent fields fall back to the HTTP status.
 */
export interface ProviderErrorDetails {
  /** The provider's own error code, e.g. Azure `429001`, Google `RESOURCE_EXHAUSTED`. */
  providerCode?: string | undefined;
  /** The provider's own explanation. */
  message?: string | undefined;
  /** Overrides the status-based default, e.g. false for a 429 that means "monthly quota used up". */
  retryable?: boolean | undefined;
  /** What the user should do, appended to the error message, e.g. `Raise the quota in the portal.` */
  hint?: string | undefined;
}

/**
 * Maps a provider's error response to {@link ProviderErrorDetails}. Supplied per provider, since
 * each vendor shapes its errors differently. Must not throw; if it does, the HTTP status is used.
 */
export type ErrorParser = (
  statusCode: number,
  bodyText: string,
  headers: Headers,
) => ProviderErrorDetails | undefined;

function asText(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

/**
 * The fallback {@link ErrorParser}: understands the common JSON error shapes
 * `{"error":{"code","message"}}` (Azure, Google, OpenAI), `{"code","message"}`,
 * `{"message"}` (DeepL) and `{"error":"…"}` (LibreTranslate). Returns nothing for other bodies.
 */
export const parseCommonErrorBody: ErrorParser = (_statusCode, bodyText) => {
  let parsed: unknown;
  try {
    parsed = secureJsonParse(bodyText);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const body = parsed as Record<string, unknown>;
  const nested = body.error;
  if (nested !== null && typeof nested === 'object') {
    const error = nested as Record<string, unknown>;
    return { providerCode: asText(error.code) ?? asText(error.status), message: asText(error.message) };
  }
  return {
    providerCode: asText(body.code),
    message: asText(nested) ?? asText(body.message) ?? asText(body.detail) ?? asText(body.error_description),
  };
};
