import { type ErrorParser, type ProviderErrorDetails, secureJsonParse } from '@toex/core';
import { googleErrorBodySchema, googleOAuthErrorSchema } from './google-api';

// The error envelope: https://cloud.google.com/apis/design/errors. Quota errors (v2 403
// `userRateLimitExceeded` / `dailyLimitExceeded`, v3 429 RESOURCE_EXHAUSTED):
// https://cloud.google.com/translate/quotas and https://cloud.google.com/translate/docs/troubleshooting.

const throttled =
  'Google throttles on characters per minute (6,000,000 a minute per project by default, v2 and v3 together). toex backs off and retries; lowering --chars-per-minute avoids it.';
const dailyLimit =
  "The project's daily character quota is used up; it resets at midnight Pacific time. Raise the quota in the Google Cloud console (IAM & Admin > Quotas) or wait.";
const limitBug =
  "toex packs requests within Google's limits (v2: 128 texts; v3: 1,024 texts and 30,000 code points), so this is a toex bug: please report it.";
const languageHint =
  'Check the language codes against https://cloud.google.com/translate/docs/languages (e.g. `es`, `zh-CN`).';

/** What each Google reason or status means for a toex user, and whether sending again can help. */
export const GOOGLE_ERROR_HINTS: Readonly<Record<string, { hint: string; retryable?: boolean }>> = {
  // v2 `errors[].reason`
  userRateLimitExceeded: { hint: throttled, retryable: true },
  rateLimitExceeded: { hint: throttled, retryable: true },
  dailyLimitExceeded: { hint: dailyLimit, retryable: false },
  quotaExceeded: { hint: dailyLimit, retryable: false },
  keyInvalid: {
    hint: 'Google refused the API key: check GOOGLE_TRANSLATE_API_KEY is a key of a project with the Cloud Translation API enabled.',
    retryable: false,
  },
  accessNotConfigured: {
    hint: 'The Cloud Translation API is not enabled for this project: enable it in the Google Cloud console (APIs & Services).',
    retryable: false,
  },
  // v3 `details[].reason` and `status`
  API_KEY_INVALID: {
    hint: 'Google refused the API key: check GOOGLE_TRANSLATE_API_KEY is a key of a project with the Cloud Translation API enabled.',
    retryable: false,
  },
  SERVICE_DISABLED: {
    hint: 'The Cloud Translation API is not enabled for this project: enable it in the Google Cloud console (APIs & Services).',
    retryable: false,
  },
  UNAUTHENTICATED: {
    hint: 'Google refused the access token: check the service-account key (GOOGLE_APPLICATION_CREDENTIALS) is current and not revoked.',
    retryable: false,
  },
  PERMISSION_DENIED: {
    hint: 'The service account may not translate in this project: grant it the Cloud Translation API User role (roles/cloudtranslate.user), and check the project id.',
    retryable: false,
  },
  RESOURCE_EXHAUSTED: { hint: throttled, retryable: true },
  NOT_FOUND: {
    hint: 'Google does not know this project, location, model or glossary: check the project id, the location and the glossary name.',
    retryable: false,
  },
  INVALID_ARGUMENT: { hint: languageHint },
  INTERNAL: { hint: 'Google failed temporarily; retrying usually helps.', retryable: true },
  UNAVAILABLE: { hint: 'Google is temporarily unavailable; retrying usually helps.', retryable: true },
};

/**
 * Reads a Google error body for the core HTTP client: the most specific reason (v2 `errors[].reason`,
 * v3 `details[].reason`, then `status`) becomes `providerCode`, and the hint table says what to do. A
 * daily quota is final; a per-minute one is throttling, whichever status carries it. Never throws.
 */
export const parseGoogleError: ErrorParser = (statusCode, bodyText) => {
  let json: unknown;
  try {
    json = secureJsonParse(bodyText);
  } catch {
    return undefined;
  }
  const parsed = googleErrorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { message, status, errors, details } = parsed.data.error;
  const reasons = [
    ...(errors ?? []).map((entry) => entry.reason),
    ...(details ?? []).map((entry) => entry.reason),
    status,
  ].filter((reason): reason is string => typeof reason === 'string' && reason !== '');
  const known = reasons.map((reason) => ({ reason, entry: GOOGLE_ERROR_HINTS[reason] }));
  let pick = known.find((candidate) => candidate.entry !== undefined);
  // A per-day quota comes as RESOURCE_EXHAUSTED / rateLimitExceeded too; only the message tells it apart.
  if (pick?.entry?.hint === throttled && /per day/i.test(message ?? '')) {
    pick = { reason: pick.reason, entry: GOOGLE_ERROR_HINTS.dailyLimitExceeded };
  }
  // v2 answers 400 "Too many text segments" (reason `invalid`) past 128 texts.
  const tooMany = /too many text segments|text is too long/i.test(message ?? '');
  const details_: ProviderErrorDetails = {
    ...(reasons[0] === undefined ? {} : { providerCode: pick?.reason ?? reasons[0] }),
    ...(message === null || message === undefined ? {} : { message }),
  };
  if (tooMany) return { ...details_, hint: limitBug, retryable: false };
  if (pick?.entry === undefined) return statusCode === 429 ? { ...details_, hint: throttled } : details_;
  return {
    ...details_,
    hint: pick.entry.hint,
    ...(pick.entry.retryable === undefined ? {} : { retryable: pick.entry.retryable }),
  };
};

/**
 * Reads the OAuth token endpoint's error (`{"error":"invalid_grant","error_description":"…"}`): a bad
 * key, a wrong clock or a deleted service account are final; 5xx is temporary.
 */
export const parseGoogleTokenError: ErrorParser = (statusCode, bodyText) => {
  let json: unknown;
  try {
    json = secureJsonParse(bodyText);
  } catch {
    return undefined;
  }
  const parsed = googleOAuthErrorSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { error, error_description: description } = parsed.data;
  return {
    providerCode: error,
    ...(description === null || description === undefined ? {} : { message: description }),
    ...(statusCode >= 500
      ? {}
      : {
          retryable: false,
          hint: "Google refused the service-account sign-in: check the key file is current (not deleted or rotated), the account still exists, and this machine's clock is right (JWTs are time-limited).",
        }),
  };
};
