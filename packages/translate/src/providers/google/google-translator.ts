import { ApiCallError, createHttpClient, loadSecret, parseSettings, toexUserAgent } from '@toex/core';
import type {
  TranslationCallOptions,
  TranslationLimits,
  TranslationProvider,
  TranslationRequest,
  TranslationResponse,
  TranslationWarning,
} from '../../spec';
import { VERSION } from '../../version';
import { type GoogleV2TranslateRequestBody, googleV2TranslateResponseSchema } from './google-api';
import { GOOGLE_TRANSLATE_ENDPOINT, normaliseGoogleEndpoint, singleTarget } from './google-endpoint';
import { parseGoogleError } from './google-errors';
import { googleItems } from './google-items';
import { type GoogleTranslatorSettings, googleTranslatorSettingsSchema } from './google-settings';

/** Google's limit on a v2 request: 100K bytes (https://cloud.google.com/translate/quotas, "Content limits"). */
export const GOOGLE_V2_MAX_REQUEST_BYTES = 100_000;

/**
 * Limits the packer works to. v2 takes at most 128 `q` segments ("Too many text segments" beyond) and a
 * 100,000-byte request. The body is JSON: escaping at most doubles a text of quotes, backslashes and line
 * breaks, and the fixed fields plus 3 bytes per text stay under 1,000 bytes, so texts are capped at
 * 48 KiB: 2 × 49,152 + 1,000 < 100,000. Characters never bind before bytes.
 */
export const GOOGLE_V2_TRANSLATOR_LIMITS: TranslationLimits = {
  maxItemsPerRequest: 128,
  maxBytesPerRequest: 48 * 1024,
  maxCharactersPerRequest: 48 * 1024,
  charactersCountPerTarget: false,
};

/**
 * A {@link TranslationProvider} for Google Cloud Translation Basic (v2, `POST /language/translate/v2`, JSON):
 * one target per request, 128 texts, per-text language detection, API-key auth in the `X-Goog-Api-Key`
 * header, and always `format: "text"` so that `'` comes back as `'` and not `&#39;`. v2 has no glossaries:
 * the pipeline protects glossary terms itself (`capabilities.glossary: 'none'`). Google reports no billed
 * characters, so the pipeline counts them.
 *
 * @example
 * const google = createGoogleTranslator(); // key from GOOGLE_TRANSLATE_API_KEY
 * const { items } = await google.translate({ texts: ["¿Dónde estás?"], from: 'es', to: ['en'] });
 *
 * @throws ConfigurationError when `endpoint` is not https (or loopback http) or carries credentials.
 */
export function createGoogleTranslator(given: GoogleTranslatorSettings = {}): TranslationProvider {
  const settings = parseSettings(googleTranslatorSettingsSchema, given, 'createGoogleTranslator');
  const endpoint =
    settings.endpoint === undefined
      ? GOOGLE_TRANSLATE_ENDPOINT
      : normaliseGoogleEndpoint(settings.endpoint, /\/language\/translate\/v2$/i);
  const http = createHttpClient({
    userAgent: toexUserAgent('@toex/translate', VERSION),
    fetch: settings.fetch,
    timeoutMs: settings.timeoutMs,
    logger: settings.logger,
    headers: () => ({
      'x-goog-api-key': loadSecret({
        value: settings.apiKey,
        environmentVariable: 'GOOGLE_TRANSLATE_API_KEY',
        description: 'The Google Cloud Translation API key',
      }),
    }),
  });

  return {
    id: 'google',
    apiVersion: 'v2',
    endpoint,
    ...(settings.model === undefined ? {} : { model: settings.model }),
    limits: GOOGLE_V2_TRANSLATOR_LIMITS,
    capabilities: { detectsLanguage: true, multipleTargets: false, glossary: 'none' },
    billing: {
      provider: 'google',
      service: 'translator',
      sku: 'v2-nmt',
      // Google says "all characters including whitespace" without saying how it counts astral characters;
      // UTF-16 code units count them as two, so estimates and budgets never understate.
      characterCounting: 'utf16',
      billedPerTarget: true,
      // Google bills every character sent; toex sends plain text, so there is no markup to bill.
      billsMarkup: true,
    },

    async translate(
      request: TranslationRequest,
      options: TranslationCallOptions = {},
    ): Promise<TranslationResponse> {
      const target = singleTarget(request, 'Google Cloud Translation');
      if (request.texts.length === 0) return { items: [], warnings: [] };
      const warnings: TranslationWarning[] = [];
      if (request.glossary !== undefined && request.glossary.entries.length > 0) {
        warnings.push({
          type: 'unsupported',
          message:
            'Google Cloud Translation Basic (v2) has no glossaries; the glossary was not sent. The toex pipeline protects glossary terms itself for this provider.',
        });
      }
      const body: GoogleV2TranslateRequestBody = {
        q: [...request.texts],
        target,
        ...(request.from === undefined ? {} : { source: request.from }),
        format: 'text',
        ...(settings.model === undefined ? {} : { model: settings.model }),
      };
      const url = `${endpoint}/language/translate/v2`;
      const bytes = Buffer.byteLength(JSON.stringify(body), 'utf8');
      if (bytes > GOOGLE_V2_MAX_REQUEST_BYTES) {
        throw new ApiCallError({
          method: 'POST',
          url,
          code: 'request_too_large',
          retryable: false,
          problem: `was not sent: its JSON body would be ${bytes} bytes, over Google's ${GOOGLE_V2_MAX_REQUEST_BYTES}`,
          hint: 'The texts hold many control characters, which JSON escapes to six bytes each. Translate these rows in smaller requests.',
        });
      }
      const response = await http.postJson({
        url,
        body,
        signal: options.signal,
        responseSchema: googleV2TranslateResponseSchema,
        errorParser: parseGoogleError,
      });
      const translations = response.value.data.translations;
      return {
        items: googleItems(
          translations.map((translation) => ({
            translatedText: translation.translatedText,
            detectedLanguage: translation.detectedSourceLanguage,
          })),
          request,
          target,
          response,
          url,
        ),
        ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
        warnings,
      };
    },
  };
}
