import { type ErrorParser, type ProviderErrorDetails, secureJsonParse } from '@toex/core';
import { deeplErrorBodySchema } from './deepl-api';

// Statuses and their meaning: https://developers.deepl.com/docs/best-practices/error-handling and the
// responses of https://developers.deepl.com/api-reference/translate (openapi.yaml `components/responses`).

const throttled =
  'DeepL is busy or throttling this key (429/529 "Too many requests"); toex backs off and retries. Fewer concurrent requests help.';
const serverFailure =
  'DeepL failed temporarily; retrying usually helps. Service status: https://api-status.deepl.com.';

/** What to tell a user for each DeepL status on `POST /v2/translate`, and whether retrying can help. */
export const DEEPL_TRANSLATE_ERROR_HINTS: Readonly<Record<number, { hint: string; retryable?: boolean }>> = {
  400: {
    hint: 'DeepL refused the request: check the language codes (https://developers.deepl.com/docs/getting-started/supported-languages) and the formality and model options.',
  },
  403: {
    hint: 'DeepL refused the key: check DEEPL_API_KEY is a DeepL API key (not a DeepL Pro subscription for CAT tools) and, for a scoped key, that it may translate text.',
  },
  404: { hint: 'DeepL does not know this address: check the endpoint setting.' },
  413: {
    hint: "The request is over DeepL's 128 KiB body limit. toex packs requests well below it, so please report this.",
    retryable: false,
  },
  414: { hint: 'The request URL is too long; toex sends everything in the body, so please report this.' },
  429: { hint: throttled, retryable: true },
  456: {
    hint: 'The DeepL character quota is used up: API Free stops at 500,000 characters a month, API Pro at the Cost Control limit. Raise or remove the Cost Control limit or upgrade in the DeepL account, or wait for the next billing period.',
    retryable: false,
  },
  500: { hint: serverFailure },
  503: { hint: serverFailure },
  504: { hint: serverFailure },
  529: { hint: throttled, retryable: true },
};

const wrongEndpointHint =
  "The key belongs to the other DeepL plan: API Free keys end in ':fx' and use https://api-free.deepl.com, Pro keys https://api.deepl.com. Leave the endpoint setting out and toex chooses from the key.";

function readBody(bodyText: string): ProviderErrorDetails | undefined {
  let json: unknown;
  try {
    json = secureJsonParse(bodyText);
  } catch {
    return undefined;
  }
  const parsed = deeplErrorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { message, code, detail } = parsed.data;
  const text = [message, detail].filter((part) => typeof part === 'string' && part.trim() !== '').join(': ');
  return {
    ...(code === null || code === undefined ? {} : { providerCode: String(code) }),
    ...(text === '' ? {} : { message: text }),
  };
}

function withHint(details: ProviderErrorDetails | undefined, hint: string | undefined, retryable?: boolean) {
  return {
    ...details,
    ...(hint === undefined ? {} : { hint }),
    ...(retryable === undefined ? {} : { retryable }),
  };
}

/**
 * Reads DeepL's error body (`{"message":"Quota Exceeded"}`) on `POST /v2/translate` for the core HTTP
 * client and adds what to do: 456 (quota) is final, 429 and 529 are throttling, 5xx temporary.
 */
export const parseDeeplError: ErrorParser = (statusCode, bodyText) => {
  const details = readBody(bodyText);
  if (statusCode === 403 && details?.message?.includes('Wrong endpoint'))
    return withHint(details, wrongEndpointHint);
  const known = DEEPL_TRANSLATE_ERROR_HINTS[statusCode];
  return withHint(details, known?.hint, known?.retryable);
};

/**
 * Like {@link parseDeeplError}, for a translation that used a glossary: a 404 then means the glossary was
 * deleted on DeepL's side. The translator forgets it, so a retry creates it again: retryable.
 */
export const parseDeeplErrorWithGlossary: ErrorParser = (statusCode, bodyText, headers) => {
  if (statusCode !== 404) return parseDeeplError(statusCode, bodyText, headers);
  return withHint(
    readBody(bodyText),
    'The glossary no longer exists on DeepL (deleted from the account?); toex creates it again on the next attempt.',
    true,
  );
};

/**
 * Reads DeepL's error body on the glossary endpoints (`/v3/glossaries`), where 456 means "too many requests to
 * the glossary endpoints recently" (retryable), and 400 carries a `detail` naming the bad entry.
 */
export const parseDeeplGlossaryError: ErrorParser = (statusCode, bodyText, headers) => {
  if (statusCode === 456) {
    return withHint(readBody(bodyText), 'Too many glossary requests recently; retrying later helps.', true);
  }
  if (statusCode === 400) {
    return withHint(
      readBody(bodyText),
      'DeepL refused the glossary: check the language pair supports glossaries and the entries (the detail names the entry).',
    );
  }
  return parseDeeplError(statusCode, bodyText, headers);
};
