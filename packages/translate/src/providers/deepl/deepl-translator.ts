import {
  ApiCallError,
  assertSecureEndpoint,
  ConfigurationError,
  createHttpClient,
  loadSecret,
  loadSetting,
  parseSettings,
  redactUrl,
  toexUserAgent,
} from '@toex/core';
import { z } from 'zod';
import type {
  TranslatedItem,
  TranslationBilling,
  TranslationCallOptions,
  TranslationLimits,
  TranslationProvider,
  TranslationRequest,
  TranslationResponse,
  TranslationWarning,
} from '../../spec';
import { VERSION } from '../../version';
import {
  DEEPL_TRACE_ID_HEADER,
  type DeeplTranslateRequestBody,
  type DeeplTranslateResponse,
  deeplTranslateResponseSchema,
} from './deepl-api';
import { parseDeeplError, parseDeeplErrorWithGlossary } from './deepl-errors';
import { DeeplGlossaries } from './deepl-glossaries';
import { toDeeplGlossaryLanguage, toDeeplSourceLanguage, toDeeplTargetLanguage } from './deepl-languages';
import { type DeeplTranslatorSettings, deeplTranslatorSettingsSchema } from './deepl-settings';

/** DeepL API Pro. */
export const DEEPL_PRO_ENDPOINT = 'https://api.deepl.com';
/** DeepL API Free, for keys ending in `:fx`. */
export const DEEPL_FREE_ENDPOINT = 'https://api-free.deepl.com';

/** DeepL's limit on a whole request body: 128 KiB (https://developers.deepl.com/docs/resources/usage-limits). */
export const DEEPL_MAX_REQUEST_BODY_BYTES = 128 * 1024;

/**
 * Limits the packer works to. DeepL takes up to 50 texts and a 128 KiB body. The packer counts the UTF-8 bytes
 * of the texts alone, while the body is JSON: escaping at most doubles a text made of quotes, backslashes, line
 * breaks, tabs or lone surrogates, and the fixed fields plus 3 bytes of punctuation per text stay under 2 KiB.
 * So texts are capped at 63 KiB: 2 × 63 KiB + 2 KiB = 128 KiB. Only other control characters (6 bytes each as
 * `\u0001`) could still overflow; such a request is refused before sending (`request_too_large`). Characters
 * never bind (a UTF-16 code unit is at least one UTF-8 byte), so the character limit equals the byte limit.
 */
export const DEEPL_TRANSLATOR_LIMITS: TranslationLimits = {
  maxItemsPerRequest: 50,
  maxBytesPerRequest: 63 * 1024,
  maxCharactersPerRequest: 63 * 1024,
  charactersCountPerTarget: false,
};

/** Per-request options under `providerOptions.deepl`, overriding the translator's settings. */
const deeplProviderOptionsSchema = z.strictObject({
  formality: z.enum(['default', 'more', 'less', 'prefer_more', 'prefer_less']).optional(),
  preserveFormatting: z.boolean().optional(),
});

/**
 * A {@link TranslationProvider} for DeepL (`POST /v2/translate`, JSON): one target language per request, 50
 * texts, per-text language detection, native glossaries (created on DeepL once per glossary and language pair,
 * then reused), and the characters DeepL billed (`billed_characters`) reported on every response.
 *
 * Each `translate` call is one HTTP request (plus, the first time a glossary is used with a language pair, the
 * requests that set it up). Requests with several targets are refused: the pipeline sends one per target, so a
 * failure and its retry never bill a target twice.
 *
 * @example
 * const deepl = createDeeplTranslator({ formality: 'prefer_less' });
 * const { items } = await deepl.translate({ texts: ['¿Dónde estás?'], from: 'es', to: ['en'] });
 * // items[0].translations.en === 'Where are you?' (British English: `en` is sent as EN-GB)
 *
 * @throws ConfigurationError when `endpoint` is not https (or loopback http) or carries credentials. A missing
 * key is reported by the first request, not here.
 */
export function createDeeplTranslator(given: DeeplTranslatorSettings = {}): TranslationProvider {
  const settings = parseSettings(deeplTranslatorSettingsSchema, given, 'createDeeplTranslator');
  const configuredEndpoint =
    settings.endpoint === undefined ? undefined : normaliseEndpoint(settings.endpoint);
  // The plan decides the host and the price; it is read from the key without loading (or requiring) it yet.
  const isFreeKey = () =>
    loadSetting({ value: settings.apiKey, environmentVariable: 'DEEPL_API_KEY' })?.endsWith(':fx') === true;
  const endpoint = () => configuredEndpoint ?? (isFreeKey() ? DEEPL_FREE_ENDPOINT : DEEPL_PRO_ENDPOINT);
  const http = createHttpClient({
    userAgent: toexUserAgent('@toex/translate', VERSION),
    fetch: settings.fetch,
    timeoutMs: settings.timeoutMs,
    logger: settings.logger,
    headers: () => ({
      authorization: `DeepL-Auth-Key ${loadSecret({
        value: settings.apiKey,
        environmentVariable: 'DEEPL_API_KEY',
        description: 'The DeepL API key',
      })}`,
    }),
  });
  const glossaries = new DeeplGlossaries(http, endpoint);

  return {
    id: 'deepl',
    apiVersion: 'v2',
    get endpoint() {
      return endpoint();
    },
    ...(settings.modelType === undefined ? {} : { model: settings.modelType }),
    limits: DEEPL_TRANSLATOR_LIMITS,
    capabilities: { detectsLanguage: true, multipleTargets: false, glossary: 'native' },
    get billing(): TranslationBilling {
      return {
        provider: 'deepl',
        service: 'translator',
        sku: isFreeKey() ? 'free' : 'pro',
        characterCounting: 'codepoints',
        billedPerTarget: true,
        billsMarkup: false,
      };
    },

    async translate(
      request: TranslationRequest,
      options: TranslationCallOptions = {},
    ): Promise<TranslationResponse> {
      const target = checkTarget(request);
      const overrides = parseProviderOptions(request.providerOptions?.deepl);
      if (request.texts.length === 0) return { items: [], warnings: [] };
      const warnings: TranslationWarning[] = [];

      let glossaryId: string | undefined;
      const glossary = request.glossary;
      const glossaryPair =
        request.from === undefined
          ? undefined
          : ([toDeeplGlossaryLanguage(request.from), toDeeplGlossaryLanguage(target)] as const);
      if (glossary !== undefined && glossary.entries.length > 0) {
        if (glossaryPair === undefined) {
          warnings.push({
            type: 'unsupported',
            message:
              'DeepL glossaries need a source language, so the glossary was not applied to this request. ' +
              'Give `from`, or let the pipeline detect languages first.',
          });
        } else {
          const resolved = await glossaries.resolve(
            glossary,
            glossaryPair[0],
            glossaryPair[1],
            options.signal,
          );
          glossaryId = resolved.glossaryId;
          warnings.push(...resolved.warnings);
        }
      }

      const formality = overrides.formality ?? settings.formality;
      const preserveFormatting = overrides.preserveFormatting ?? settings.preserveFormatting;
      const body: DeeplTranslateRequestBody = {
        text: [...request.texts],
        target_lang: toDeeplTargetLanguage(target),
        ...(request.from === undefined ? {} : { source_lang: toDeeplSourceLanguage(request.from) }),
        show_billed_characters: true,
        ...(glossaryId === undefined ? {} : { glossary_id: glossaryId }),
        ...(formality === undefined ? {} : { formality }),
        ...(settings.modelType === undefined ? {} : { model_type: settings.modelType }),
        ...(preserveFormatting === undefined ? {} : { preserve_formatting: preserveFormatting }),
      };
      const url = `${endpoint()}/v2/translate`;
      checkBodySize(url, body);

      let response: Awaited<ReturnType<typeof postTranslate>>;
      try {
        response = await postTranslate(url, body, glossaryId !== undefined, options.signal);
      } catch (error) {
        // A 404 with a glossary: DeepL no longer has it. Forget it, so the retry creates it again.
        if (
          glossary !== undefined &&
          glossaryPair !== undefined &&
          ApiCallError.isInstance(error) &&
          error.statusCode === 404
        ) {
          glossaries.forget(glossary, glossaryPair[0], glossaryPair[1]);
        }
        throw error;
      }

      const translations = response.value.translations;
      if (translations.length !== request.texts.length) {
        throw new ApiCallError({
          method: 'POST',
          url,
          code: 'invalid_response',
          statusCode: response.statusCode,
          ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
          responseHeaders: response.headers,
          retryable: false,
          problem: `returned ${translations.length} translations for ${request.texts.length} texts`,
          hint: 'DeepL answered with an incomplete result; nothing from it was used. Report it with the trace id.',
        });
      }
      const billed = translations.map((translation) => translation.billed_characters);
      const requestId = response.headers.get(DEEPL_TRACE_ID_HEADER)?.trim() || response.requestId;
      return {
        items: translations.map((translation) => toItem(translation, target, request.from === undefined)),
        // Only when DeepL reported every text: a partial sum would understate the bill.
        ...(billed.every((count) => typeof count === 'number')
          ? { meteredCharacters: billed.reduce<number>((sum, count) => sum + (count ?? 0), 0) }
          : {}),
        ...(requestId === undefined ? {} : { requestId }),
        warnings,
      };
    },
  };

  function postTranslate(
    url: string,
    body: DeeplTranslateRequestBody,
    usesGlossary: boolean,
    signal: AbortSignal | undefined,
  ) {
    return http.postJson({
      url,
      body,
      signal,
      responseSchema: deeplTranslateResponseSchema,
      errorParser: usesGlossary ? parseDeeplErrorWithGlossary : parseDeeplError,
    });
  }
}

function toItem(
  translation: DeeplTranslateResponse['translations'][number],
  target: string,
  detected: boolean,
): TranslatedItem {
  const language = translation.detected_source_language;
  return detected && typeof language === 'string' && language !== ''
    ? { translations: { [target]: translation.text }, detectedLanguage: { language: language.toLowerCase() } }
    : { translations: { [target]: translation.text } };
}

function checkTarget(request: TranslationRequest): string {
  const [target, ...others] = request.to;
  if (target === undefined || target.trim() === '' || others.length > 0) {
    throw new ConfigurationError({
      code: 'unsupported_option',
      setting: 'to',
      message:
        `DeepL translates into one language per request; got ${request.to.length} target languages ` +
        `(${request.to.join(', ')}). Send one request per target (the toex pipeline does this for providers ` +
        'whose capabilities say multipleTargets: false).',
    });
  }
  return target;
}

function parseProviderOptions(value: unknown): z.infer<typeof deeplProviderOptionsSchema> {
  if (value === undefined) return {};
  const parsed = deeplProviderOptionsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ConfigurationError({
    code: 'invalid_provider_options',
    setting: 'providerOptions.deepl',
    message: `providerOptions.deepl is invalid: ${parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`)
      .join('; ')}. It accepts formality and preserveFormatting.`,
  });
}

/**
 * Refuses, before anything is sent, a body over DeepL's 128 KiB: it would be refused with 413 (and a 413 is
 * not worth retrying). The packer's byte margin makes this happen only for texts full of control characters.
 */
function checkBodySize(url: string, body: DeeplTranslateRequestBody): void {
  const bytes = Buffer.byteLength(JSON.stringify(body), 'utf8');
  if (bytes <= DEEPL_MAX_REQUEST_BODY_BYTES) return;
  throw new ApiCallError({
    method: 'POST',
    url,
    code: 'request_too_large',
    retryable: false,
    problem: `was not sent: its JSON body would be ${bytes} bytes, over DeepL's ${DEEPL_MAX_REQUEST_BODY_BYTES}`,
    hint: 'The texts hold many control characters, which JSON escapes to six bytes each. Translate these rows in smaller requests.',
  });
}

function normaliseEndpoint(configured: string): string {
  const url = assertSecureEndpoint(configured);
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    // A key in the URL would reach logs and manifests; DeepL also refuses keys in the query string.
    throw new ConfigurationError({
      code: 'invalid_endpoint',
      setting: 'endpoint',
      message:
        `The DeepL endpoint ${redactUrl(url)} must not carry credentials, a query string or a fragment. Give only ` +
        'the base URL, e.g. https://api.deepl.com, and pass the key with apiKey or DEEPL_API_KEY.',
    });
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v2(?:\/translate)?$/i, '');
  return `${url.origin}${path}`;
}
