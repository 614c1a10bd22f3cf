import { type ErrorParser, secureJsonParse } from '@toex/core';
import { openAiErrorBodySchema } from './openai-api';

// Error codes: https://platform.openai.com/docs/guides/error-codes (401 invalid_api_key, 429 rate_limit_exceeded
// vs insufficient_quota, 500, 503) and Azure OpenAI's content filter
// (https://learn.microsoft.com/azure/ai-services/openai/concepts/content-filter: 400 `content_filter`).

/** What each OpenAI error code means for a toex user, and whether sending again can help. */
export const OPENAI_ERROR_HINTS: Readonly<Record<string, { hint: string; retryable: boolean }>> = {
  invalid_api_key: {
    hint: 'The key was refused: check OPENAI_API_KEY (or the Azure OpenAI key).',
    retryable: false,
  },
  insufficient_quota: {
    hint: 'The account has no credit or quota left: add credit or raise the quota. Retrying does not help.',
    retryable: false,
  },
  rate_limit_exceeded: {
    hint: 'The model is rate-limited (requests or tokens per minute). toex backs off and retries; lower --concurrency or --chars-per-minute.',
    retryable: true,
  },
  context_length_exceeded: {
    hint: 'The request is longer than the model accepts; set a smaller maxSegmentsPerRequest or maxCharactersPerRequest.',
    retryable: false,
  },
  content_filter: {
    hint: "The provider's content filter refused this text (common with abusive chat); translate these rows with another provider.",
    retryable: false,
  },
  model_not_found: {
    hint: 'The model or deployment does not exist: check the model setting.',
    retryable: false,
  },
  DeploymentNotFound: {
    hint: 'The Azure OpenAI deployment does not exist: check the deployment name.',
    retryable: false,
  },
};

/** Reads an OpenAI-style error for the core HTTP client. Never throws. */
export const parseOpenAiError: ErrorParser = (statusCode, bodyText) => {
  let details: { code?: string; message?: string } = {};
  try {
    const parsed = openAiErrorBodySchema.safeParse(secureJsonParse(bodyText));
    if (parsed.success) {
      const { code, type, message } = parsed.data.error;
      const name = code ?? type;
      details = {
        ...(name === null || name === undefined ? {} : { code: String(name) }),
        ...(message === null || message === undefined ? {} : { message }),
      };
    }
  } catch {
    // the status alone decides
  }
  const known = details.code === undefined ? undefined : OPENAI_ERROR_HINTS[details.code];
  return {
    ...(details.code === undefined ? {} : { providerCode: details.code }),
    ...(details.message === undefined ? {} : { message: details.message }),
    ...(known === undefined
      ? statusCode === 429
        ? { hint: OPENAI_ERROR_HINTS.rate_limit_exceeded!.hint }
        : {}
      : { hint: known.hint, retryable: known.retryable }),
  };
};
