import {
  ApiCallError,
  assertSecureEndpoint,
  ConfigurationError,
  createHttpClient,
  loadSetting,
  parseSettings,
  redactUrl,
  registerSecret,
  toexUserAgent,
} from '@toex/core';
import type {
  LanguageSupport,
  TranslationCallOptions,
  TranslationProvider,
  TranslationRequest,
  TranslationResponse,
  TranslationWarning,
} from '../../spec';
import { VERSION } from '../../version';
import {
  type LibreTranslateRequestBody,
  libreTranslateLanguagesSchema,
  libreTranslateResponseSchema,
} from './libretranslate-api';
import { parseLibreTranslateError } from './libretranslate-errors';
import {
  type LibreTranslateTranslatorSettings,
  libreTranslateTranslatorSettingsSchema,
} from './libretranslate-settings';

/** LibreTranslate's default address (`--host 127.0.0.1 --port 5000`). */
export const LIBRETRANSLATE_DEFAULT_URL = 'http://127.0.0.1:5000';

/**
 * A {@link TranslationProvider} for a self-hosted LibreTranslate (`POST /translate` with a `q` array).
 *
 * LibreTranslate detects the language of a batch once and copies that answer to every item, so a batch of
 * Spanish and French messages would all be translated as Spanish. This adapter therefore declares
 * `detectsLanguage: false`: the toex pipeline detects each text's language itself (as for Apertium) and packs
 * requests by language, so every batch carries an explicit `source`. Only a single text is ever sent with
 * `source: "auto"`. No glossary: the pipeline protects glossary terms itself. Free: billed as `none`.
 *
 * @example
 * const libre = createLibreTranslateTranslator({ baseUrl: 'http://127.0.0.1:5000', batchLimit: 32 });
 */
export function createLibreTranslateTranslator(
  given: LibreTranslateTranslatorSettings = {},
): TranslationProvider {
  const settings = parseSettings(
    libreTranslateTranslatorSettingsSchema,
    given,
    'createLibreTranslateTranslator',
  );
  const baseUrl = normaliseBaseUrl(
    settings.baseUrl ??
      loadSetting({ environmentVariable: 'LIBRETRANSLATE_URL' }) ??
      LIBRETRANSLATE_DEFAULT_URL,
  );
  const http = createHttpClient({
    userAgent: toexUserAgent('@toex/translate', VERSION),
    fetch: settings.fetch,
    timeoutMs: settings.timeoutMs ?? 120_000,
    logger: settings.logger,
  });
  const apiKey = () => {
    const key = loadSetting({ value: settings.apiKey, environmentVariable: 'LIBRETRANSLATE_API_KEY' });
    if (key !== undefined) registerSecret(key);
    return key;
  };
  const charLimit = settings.charLimit ?? 5_000;
  const batchLimit = settings.batchLimit ?? 32;

  return {
    id: 'libretranslate',
    apiVersion: 'v1',
    endpoint: baseUrl,
    limits: {
      maxItemsPerRequest: batchLimit,
      // LibreTranslate has no request-size limit of its own; this keeps one request within a CPU server's timeout.
      maxCharactersPerRequest: Math.max(charLimit, 20_000),
      maxCharactersPerItem: charLimit,
      charactersCountPerTarget: false,
      maxConcurrentRequests: settings.maxConcurrentRequests ?? 2,
    },
    capabilities: { detectsLanguage: false, multipleTargets: false, glossary: 'none' },
    billing: {
      provider: 'libretranslate',
      service: 'translator',
      sku: 'self-hosted',
      characterCounting: 'none',
      billedPerTarget: false,
      billsMarkup: false,
    },

    async translate(
      request: TranslationRequest,
      options: TranslationCallOptions = {},
    ): Promise<TranslationResponse> {
      const [target, ...others] = request.to;
      if (target === undefined || others.length > 0) {
        throw new ConfigurationError({
          code: 'unsupported_option',
          setting: 'to',
          message: `LibreTranslate translates into one language per request; got ${request.to.length} (${request.to.join(', ')}). The toex pipeline sends one request per target.`,
        });
      }
      if (request.texts.length === 0) return { items: [], warnings: [] };
      if (request.from === undefined && request.texts.length > 1) {
        throw new ConfigurationError({
          code: 'source_language_required',
          setting: 'from',
          message:
            'LibreTranslate detects one language for a whole batch and applies it to every text, so a batch needs `from`. Detect each text first (the toex pipeline does, for providers whose capabilities say detectsLanguage: false), or send texts one at a time.',
        });
      }
      const warnings: TranslationWarning[] = [];
      if (request.glossary !== undefined && request.glossary.entries.length > 0) {
        warnings.push({
          type: 'unsupported',
          message:
            'LibreTranslate has no glossaries; the glossary was not sent. The toex pipeline protects glossary terms itself.',
        });
      }
      const key = apiKey();
      const body: LibreTranslateRequestBody = {
        q: [...request.texts],
        source: request.from ?? 'auto',
        target,
        format: 'text',
        ...(key === undefined ? {} : { api_key: key }),
      };
      const url = `${baseUrl}/translate`;
      const response = await http.postJson({
        url,
        body,
        signal: options.signal,
        responseSchema: libreTranslateResponseSchema,
        errorParser: parseLibreTranslateError,
      });
      const { translatedText, detectedLanguage } = response.value;
      const texts = Array.isArray(translatedText) ? translatedText : [translatedText];
      if (texts.length !== request.texts.length) {
        throw new ApiCallError({
          method: 'POST',
          url,
          code: 'invalid_response',
          statusCode: response.statusCode,
          responseHeaders: response.headers,
          retryable: false,
          problem: `returned ${texts.length} translations for ${request.texts.length} texts`,
          hint: 'LibreTranslate answered with an incomplete result; nothing from it was used.',
        });
      }
      const detected = Array.isArray(detectedLanguage) ? detectedLanguage[0] : detectedLanguage;
      return {
        items: texts.map((text) =>
          request.from === undefined && detected !== null && detected !== undefined
            ? {
                translations: { [target]: text },
                detectedLanguage: {
                  language: detected.language,
                  // LibreTranslate's confidence is 0–100.
                  ...(typeof detected.confidence === 'number' ? { score: detected.confidence / 100 } : {}),
                },
              }
            : { translations: { [target]: text } },
        ),
        warnings,
      };
    },

    async languages(options: TranslationCallOptions = {}): Promise<LanguageSupport> {
      const response = await http.getJson({
        url: `${baseUrl}/languages`,
        signal: options.signal,
        responseSchema: libreTranslateLanguagesSchema,
        errorParser: parseLibreTranslateError,
      });
      const pairs = response.value.flatMap((language) =>
        (language.targets ?? [])
          .filter((target) => target !== language.code)
          .map((target) => ({ from: language.code, to: target })),
      );
      return {
        from: response.value.map((language) => language.code),
        to: [...new Set(pairs.map((pair) => pair.to))],
        pairs,
      };
    },
  };
}

function normaliseBaseUrl(configured: string): string {
  const url = assertSecureEndpoint(configured);
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new ConfigurationError({
      code: 'invalid_endpoint',
      setting: 'baseUrl',
      message: `The LibreTranslate address ${redactUrl(url)} must not carry credentials, a query string or a fragment; pass a key with apiKey or LIBRETRANSLATE_API_KEY.`,
    });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/translate$/i, '')}`;
}
