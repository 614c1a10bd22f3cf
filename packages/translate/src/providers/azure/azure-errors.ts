import { type ErrorParser, secureJsonParse } from '@toex/core';
import { azureErrorBodySchema } from './azure-api';

const limitBug =
  'toex packs requests within Azure limits (1,000 texts, 50,000 characters across all targets), so this is a toex bug: please report it with the request id.';
const throttled =
  'Azure throttles on characters per hour, consumed evenly (S1: 40 million an hour, about 667,000 a minute; F0: 2 million, about 33,000 a minute). toex backs off and retries; lowering --chars-per-minute to the tier avoids it.';
const languageHint =
  'Check the language codes: Azure expects codes from its language list (e.g. `es`, `zh-Hans`, `pt-pt`), see https://learn.microsoft.com/azure/ai-services/translator/language-support.';
const categoryHint =
  'Check the Custom Translator category id and that its model is deployed for this language pair, or leave `category` unset for the standard model.';

/**
 * What each documented Translator error code means for a toex user, and whether sending the same request
 * again can help. Codes from
 * https://learn.microsoft.com/azure/ai-services/translator/text-translation/reference/status-response-codes.
 * Codes not listed fall back to the HTTP status (408, 429 and 5xx retryable).
 */
export const AZURE_ERROR_HINTS: Readonly<Record<string, { hint: string; retryable?: boolean }>> = {
  '400000': { hint: 'Azure refused one of the request inputs; the message says which.' },
  '400002': { hint: categoryHint },
  '400003': { hint: languageHint },
  '400005': {
    hint: 'An input text was missing or invalid; toex never sends empty texts, so please report this.',
  },
  '400019': { hint: languageHint },
  '400020': { hint: 'An element of the input array was invalid; please report this with the request id.' },
  '400021': {
    hint: 'The api-version was refused; toex speaks Translator v3.0. Check the endpoint is a Text Translation endpoint.',
  },
  '400023': { hint: languageHint },
  '400035': { hint: languageHint },
  '400036': { hint: languageHint },
  '400050': { hint: limitBug },
  '400064': { hint: 'The `translation` parameter was refused; please report this with the request id.' },
  '400071': { hint: 'The textType was refused; toex always sends `plain`. Please report this.' },
  '400072': { hint: limitBug },
  '400074': {
    hint: 'Azure could not read the request body as JSON; please report this with the request id.',
  },
  '400075': { hint: categoryHint },
  '400077': { hint: limitBug },
  '400079': { hint: categoryHint },
  '401000': {
    hint: 'The key is missing or invalid, or the region is missing or wrong: regional and multi-service resources need their region (AZURE_TRANSLATOR_REGION, e.g. uksouth). With Entra ID, check the token, Ocp-Apim-ResourceId and the Cognitive Services User role.',
  },
  '401015': {
    hint: 'This is a Speech key; Text Translation needs the key of a Translator (or multi-service) resource.',
  },
  '403000': {
    hint: 'Azure refused the operation: check the resource is enabled, its network rules (firewall, virtual network) allow this machine, and the identity has the Cognitive Services User role.',
  },
  '403001': {
    hint: 'The free tier (F0) quota of 2 million characters a month is used up. Upgrade the resource to S1 in the Azure portal, or wait for next month.',
    retryable: false,
  },
  '405000': { hint: 'The endpoint refused POST; check the endpoint is a Text Translation endpoint.' },
  '408001': {
    hint: 'The custom translation system is still being prepared; Azure suggests waiting about a minute before retrying.',
    retryable: true,
  },
  '408002': {
    hint: 'Azure timed out waiting for the request body; retrying usually helps.',
    retryable: true,
  },
  '415000': { hint: 'Azure refused the Content-Type; please report this.' },
  '429000': { hint: throttled, retryable: true },
  '429001': { hint: throttled, retryable: true },
  '429002': { hint: throttled, retryable: true },
  '500000': {
    hint: 'Azure failed unexpectedly; retrying usually helps. If it persists, report the request id to Microsoft.',
  },
  '503000': { hint: 'Azure is temporarily unavailable; retrying usually helps.' },
};

/**
 * Reads a Translator error body (`{"error":{"code":401000,"message":"…"}}`) for the core HTTP client: the
 * 6-digit code becomes `providerCode`, and the hint table says what to do. Unknown 429 sub-codes are still
 * treated as throttling. Never throws.
 */
export const parseAzureError: ErrorParser = (statusCode, bodyText) => {
  let json: unknown;
  try {
    json = secureJsonParse(bodyText);
  } catch {
    return undefined;
  }
  const parsed = azureErrorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const code = parsed.data.error.code;
  const providerCode = code === null || code === undefined ? undefined : String(code);
  const known = providerCode === undefined ? undefined : AZURE_ERROR_HINTS[providerCode];
  const hint = known?.hint ?? (statusCode === 429 ? throttled : undefined);
  return {
    providerCode,
    message: parsed.data.error.message ?? undefined,
    ...(hint === undefined ? {} : { hint }),
    ...(known?.retryable === undefined ? {} : { retryable: known.retryable }),
  };
};
