import {
  ApiCallError,
  BudgetExceededError,
  ConfigurationError,
  findNetworkErrorCode,
  ToexError,
} from '@toex/core';

/**
 * Configuration errors that concern one request's language, not the job: other texts, in other
 * languages, can still be translated.
 */
const rowLevelCodes = new Set([
  'apertium_pair_not_installed',
  'unsupported_language',
  'source_language_required',
]);

/** Statuses that mean every request would fail the same way: bad credentials, no quota left, wrong endpoint. */
const jobFatalStatuses = new Set([401, 403, 404, 456]);

/** Provider codes that refuse the credentials on another status (Google 400 API_KEY_INVALID; Amazon's 400s). */
const jobFatalProviderCodes = new Set([
  'API_KEY_INVALID',
  // Amazon answers 400 with these exception names.
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'AccessDeniedException',
]);

/**
 * The code and message a failed text carries into the output (`failed:<code>`). When retries ran out,
 * the last underlying error names the failure (`http_503`), which says more than "retries exhausted".
 */
export function describeFailure(error: unknown): { code: string; message: string } {
  const underlying =
    ToexError.isInstance(error) && error.code === 'retries_exhausted' && ToexError.isInstance(error.cause)
      ? error.cause
      : error;
  if (ToexError.isInstance(underlying))
    return {
      code: underlying.code,
      message: ToexError.isInstance(error) ? error.message : underlying.message,
    };
  return {
    code: 'unexpected_error',
    message: underlying instanceof Error ? underlying.message : String(underlying),
  };
}

/**
 * True when an error means the job should stop sending: the budget is reached, the configuration is
 * wrong, or the provider refuses the credentials or quota. The remaining rows are still written, marked
 * failed with the same code, so nothing is silently lost.
 */
export function isJobFatal(error: unknown): boolean {
  if (BudgetExceededError.isInstance(error)) return true;
  if (ConfigurationError.isInstance(error)) return !rowLevelCodes.has(error.code);
  const underlying = ToexError.isInstance(error) && error.code === 'retries_exhausted' ? error.cause : error;
  // A provider can say a 403 is throttling (Google v2 `userRateLimitExceeded`): that passes.
  if (ApiCallError.isInstance(underlying) && underlying.retryable) return false;
  if (ApiCallError.isInstance(underlying) && jobFatalProviderCodes.has(underlying.providerCode ?? ''))
    return true;
  const status = (underlying as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' && jobFatalStatuses.has(status);
}

/**
 * Provider codes that mean "slow down" on a status other than 429: Google v2 answers 403 for its rate limits,
 * Amazon 400 `TooManyRequestsException`.
 */
const throttlingProviderCodes = new Set([
  'userRateLimitExceeded',
  'rateLimitExceeded',
  'TooManyRequestsException',
  'ThrottlingException',
]);

/**
 * True when an error is the provider throttling: HTTP 429, or a provider code that means the same on
 * another status. The job's pacing pauses for these and gives their characters back to the window.
 */
export function isThrottling(error: unknown): error is ApiCallError {
  if (!ApiCallError.isInstance(error)) return false;
  return (
    error.statusCode === 429 ||
    (error.retryable && error.providerCode !== undefined && throttlingProviderCodes.has(error.providerCode))
  );
}

/** Network failures that mean nothing can be reached at the endpoint: no server there, or no such host. */
const unreachableNetworkCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

/** Azure error codes for a source language it does not know (400035) and a target it does not (400036). */
const azureSourceLanguageCodes = new Set(['400019', '400023', '400035']);
const azureTargetLanguageCodes = new Set(['400036']);

/**
 * True when a request's final error (after retries) would fail every request of the job the same way, so a
 * job that has had no answer yet should stop before it writes anything: a missing or refused key, an
 * endpoint where nothing answers, a target language the engine lacks, or, when the job's source language
 * is fixed (`from`), a pair the engine lacks. With `from` detected per text, a missing pair concerns only
 * the texts in that language, and the job goes on.
 */
export function failsEveryRequest(error: unknown, options: { sourceFixed: boolean }): boolean {
  // A budget is the user's own stop, not a refusal: the rows it leaves are written, marked failed:budget.
  if (BudgetExceededError.isInstance(error)) return false;
  if (isJobFatal(error)) return true;
  const underlying = ToexError.isInstance(error) && error.code === 'retries_exhausted' ? error.cause : error;
  const network = findNetworkErrorCode(underlying);
  if (network !== undefined && unreachableNetworkCodes.has(network)) return true;
  if (ConfigurationError.isInstance(underlying) && rowLevelCodes.has(underlying.code))
    return options.sourceFixed;
  if (ApiCallError.isInstance(underlying) && underlying.providerCode !== undefined) {
    if (azureTargetLanguageCodes.has(underlying.providerCode)) return true;
    if (azureSourceLanguageCodes.has(underlying.providerCode)) return options.sourceFixed;
  }
  return false;
}
