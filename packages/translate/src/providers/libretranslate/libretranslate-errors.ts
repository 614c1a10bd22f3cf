import { type ErrorParser, secureJsonParse } from '@toex/core';
import { libreTranslateErrorSchema } from './libretranslate-api';

// Statuses and messages from LibreTranslate's `libretranslate/app.py` (v1.9.6): `abort(400, …)` for a
// missing parameter, a batch or text over `--batch-limit` / `--char-limit`, an unsupported language; 403 for
// a missing, invalid or banned API key; 429 "Slowdown: …" from the rate limiter (no Retry-After); 500.

/** What to tell a user for each LibreTranslate status, and whether retrying can help. */
export const LIBRETRANSLATE_ERROR_HINTS: Readonly<Record<number, { hint: string; retryable?: boolean }>> = {
  400: {
    hint: "LibreTranslate refused the request: check the language codes are among its GET /languages, and that the batchLimit and charLimit settings are no higher than the server's --batch-limit and --char-limit.",
  },
  403: {
    hint: 'LibreTranslate refused the API key (or this address is banned): set LIBRETRANSLATE_API_KEY to a key of this server (its --api-keys database).',
    retryable: false,
  },
  429: {
    hint: 'LibreTranslate is rate-limiting (its --req-limit counts every text of a batch). toex backs off and retries; lowering --chars-per-minute or --concurrency avoids it.',
    retryable: true,
  },
  500: { hint: 'LibreTranslate failed on this request; its log says why. Retrying may help.' },
};

/**
 * Reads LibreTranslate's `{"error":"…"}` for the core HTTP client: the message, and what to do. A 400
 * naming a language as not supported gets `providerCode: 'unsupported_language'`. Never throws.
 */
export const parseLibreTranslateError: ErrorParser = (statusCode, bodyText) => {
  let message: string | undefined;
  try {
    const parsed = libreTranslateErrorSchema.safeParse(secureJsonParse(bodyText));
    message = parsed.success ? parsed.data.error : undefined;
  } catch {
    message = undefined;
  }
  const known = LIBRETRANSLATE_ERROR_HINTS[statusCode];
  const unsupported = statusCode === 400 && message !== undefined && /is not supported/i.test(message);
  return {
    ...(message === undefined ? {} : { message }),
    ...(unsupported ? { providerCode: 'unsupported_language' } : {}),
    ...(known === undefined ? {} : { hint: known.hint }),
    ...(known?.retryable === undefined ? {} : { retryable: known.retryable }),
  };
};
