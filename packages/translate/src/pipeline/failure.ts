import { BudgetExceededError, ConfigurationError, ToexError } from '@toex/core';

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
  const status = (underlying as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' && jobFatalStatuses.has(status);
}
