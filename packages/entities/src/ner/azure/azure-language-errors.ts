import { type ErrorParser, secureJsonParse } from '@toex/core';
import { azureLanguageErrorBodySchema } from './azure-language-api';

// Error codes of the Language REST API
// (https://learn.microsoft.com/rest/api/language/text-analysis-runtime/analyze-text#errorcode and
// #innererrorcode). The outer code is general; the inner one says what was wrong.

const limitBug =
  'toex packs requests within the synchronous limits (5 documents of at most 5,120 characters), so this is a toex bug: please report it with the request id.';

/** What each documented code means for a toex user, and whether sending the same request again can help. */
export const AZURE_LANGUAGE_ERROR_HINTS: Readonly<Record<string, { hint: string; retryable?: boolean }>> = {
  InvalidDocumentBatch: { hint: limitBug },
  InvalidDocument: { hint: limitBug },
  UnsupportedLanguageCode: {
    hint: 'Azure does not support this language for the task; see https://learn.microsoft.com/azure/ai-services/language-service/named-entity-recognition/language-support.',
  },
  InvalidParameterValue: {
    hint: 'Azure refused a parameter (model version or api-version); check the settings.',
  },
  Unauthorized: {
    hint: 'The key is missing or invalid, or the endpoint belongs to another resource: check AZURE_LANGUAGE_KEY and AZURE_LANGUAGE_ENDPOINT.',
  },
  '401': {
    hint: 'The key is missing or invalid, or the endpoint belongs to another resource: check AZURE_LANGUAGE_KEY and AZURE_LANGUAGE_ENDPOINT.',
  },
  Forbidden: {
    hint: "Azure refused the call: check the resource's network rules and quota (F0: 5,000 records a month).",
  },
  TooManyRequests: {
    hint: 'Azure is throttling this resource (S: 1,000 requests a minute; F0: 300). toex backs off and retries.',
    retryable: true,
  },
  '429': {
    hint: 'Azure is throttling this resource (S: 1,000 requests a minute; F0: 300). toex backs off and retries.',
    retryable: true,
  },
  InternalServerError: { hint: 'Azure failed unexpectedly; retrying usually helps.', retryable: true },
  ServiceUnavailable: { hint: 'Azure is temporarily unavailable; retrying usually helps.', retryable: true },
};

/**
 * Reads a Language error body for the core HTTP client: the inner code (else the outer one) becomes
 * `providerCode`, and the table says what to do. Never throws.
 */
export const parseAzureLanguageError: ErrorParser = (statusCode, bodyText) => {
  let json: unknown;
  try {
    json = secureJsonParse(bodyText);
  } catch {
    return undefined;
  }
  const parsed = azureLanguageErrorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { error } = parsed.data;
  const code = error.innererror?.code ?? (error.code == null ? undefined : String(error.code));
  const known =
    (code === undefined ? undefined : AZURE_LANGUAGE_ERROR_HINTS[code]) ??
    (statusCode === 429 ? AZURE_LANGUAGE_ERROR_HINTS['429'] : undefined);
  const message = error.innererror?.message ?? error.message ?? undefined;
  return {
    ...(code === undefined ? {} : { providerCode: code }),
    ...(message === undefined ? {} : { message }),
    ...(known === undefined ? {} : { hint: known.hint }),
    ...(known?.retryable === undefined ? {} : { retryable: known.retryable }),
  };
};
