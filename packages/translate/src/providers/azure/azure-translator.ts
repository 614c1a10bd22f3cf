import { randomUUID } from 'node:crypto';
import {
  ApiCallError,
  ConfigurationError,
  createHttpClient,
  type JsonResponse,
  loadSetting,
  parseSettings,
  toexUserAgent,
} from '@toex/core';
import { meterTextTranslation } from '@toex/costing';
import type {
  Glossary,
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
  AZURE_METERED_USAGE_HEADER,
  AZURE_TRANSLATOR_API_VERSION,
  type AzureTranslateRequestItem,
  type AzureTranslateResponse,
  azureTranslateResponseSchema,
} from './azure-api';
import { createAzureHeaders } from './azure-authentication';
import { resolveAzureEndpoint } from './azure-endpoint';
import { parseAzureError } from './azure-errors';
import { AzureDynamicDictionary, dictionarySupportsPair } from './azure-glossary';
import { type AzureTranslatorSettings, azureTranslatorSettingsSchema } from './azure-settings';
import { AZURE_TRANSLATOR_API_VERSION_2026, translateAzure2026 } from './azure-translate-2026';

/**
 * Azure's per-request limits for `/translate`: 1,000 texts, 50,000 characters in all "across all the target
 * languages", 50,000 per text
 * (https://learn.microsoft.com/azure/ai-services/translator/service-limits#character-and-array-limits-per-request).
 * Characters are UTF-16 code units, as Azure counts them.
 */
export const AZURE_TRANSLATOR_LIMITS: TranslationLimits = {
  maxItemsPerRequest: 1_000,
  maxCharactersPerRequest: 50_000,
  charactersCountPerTarget: true,
  maxCharactersPerItem: 50_000,
};

// Compiled dictionaries kept per glossary id; a job uses one glossary, so a handful is plenty.
const MAX_CACHED_DICTIONARIES = 8;

/**
 * A {@link TranslationProvider} for Azure AI Translator (Text Translation v3.0): several target languages
 * per request, per-text language detection, glossaries as dynamic-dictionary markup (billed), and the
 * characters Azure charged (`X-metered-usage`) reported on every response.
 *
 * Each `translate` call is exactly one HTTP request; retries, pacing and packing are the pipeline's.
 *
 * @example
 * const azure = createAzureTranslator({ region: 'uksouth', endpoint: 'https://api-eur.cognitive.microsofttranslator.com' });
 * const { items } = await azure.translate({ texts: ['¿Dónde estás?'], from: 'es', to: ['en', 'fr'] });
 * // items[0].translations.en === 'Where are you?'
 *
 * @throws ConfigurationError when the endpoint is not https (or loopback http), carries credentials, or the
 * Entra ID settings are incomplete. A missing key is reported by the first request, not here.
 */
export function createAzureTranslator(given: AzureTranslatorSettings = {}): TranslationProvider {
  const settings = parseSettings(azureTranslatorSettingsSchema, given, 'createAzureTranslator');
  const is2026 = settings.apiVersion === AZURE_TRANSLATOR_API_VERSION_2026;
  const resolved = resolveAzureEndpoint(
    loadSetting({ value: settings.endpoint, environmentVariable: 'AZURE_TRANSLATOR_ENDPOINT' }),
  );
  // 2026-06-06 drops the version from a custom endpoint's path: `…/translator/text/translate`.
  const endpoint = is2026
    ? { ...resolved, baseUrl: resolved.baseUrl.replace(/\/translator\/text\/v3\.0$/i, '/translator/text') }
    : resolved;
  const region = loadSetting({ value: settings.region, environmentVariable: 'AZURE_TRANSLATOR_REGION' });
  const category = loadSetting({ value: settings.category });
  const sku = settings.sku ?? (category !== undefined && category !== 'general' ? 'S1-custom' : 'S1');
  const http = createHttpClient({
    userAgent: toexUserAgent('@toex/translate', VERSION),
    fetch: settings.fetch,
    timeoutMs: settings.timeoutMs,
    logger: settings.logger,
    headers: createAzureHeaders(settings, endpoint, region),
  });
  const dictionaries = new Map<string, AzureDynamicDictionary>();
  const warnedSkippedEntries = new Set<string>();

  function dictionaryFor(glossary: Glossary): AzureDynamicDictionary {
    let dictionary = dictionaries.get(glossary.id);
    if (dictionary === undefined) {
      if (dictionaries.size >= MAX_CACHED_DICTIONARIES) dictionaries.clear();
      dictionary = new AzureDynamicDictionary(glossary);
      dictionaries.set(glossary.id, dictionary);
    }
    return dictionary;
  }

  /** The texts to send: with glossary markup where it applies and fits, and what to tell the user. */
  function prepareTexts(request: TranslationRequest): {
    texts: string[];
    marked: boolean;
    warnings: TranslationWarning[];
  } {
    const texts = [...request.texts];
    const warnings: TranslationWarning[] = [];
    const glossary = request.glossary;
    if (glossary === undefined || glossary.entries.length === 0) return { texts, marked: false, warnings };
    const from = request.from;
    if (from === undefined) {
      warnings.push({
        type: 'unsupported',
        message:
          "Azure's dynamic dictionary needs a source language, so the glossary was not applied to this request. " +
          'Give `from`, or let the pipeline detect languages first.',
      });
      return { texts, marked: false, warnings };
    }
    const unsupported = request.to.filter((target) => !dictionarySupportsPair(from, target));
    if (unsupported.length > 0) {
      warnings.push({
        type: 'unsupported',
        message:
          `Azure applies a dynamic dictionary only when English is the source or the target language, so the ` +
          `glossary was not applied to ${from} → ${request.to.join(', ')}.`,
      });
      return { texts, marked: false, warnings };
    }
    const dictionary = dictionaryFor(glossary);
    if (dictionary.skippedEntries > 0 && !warnedSkippedEntries.has(glossary.id)) {
      warnedSkippedEntries.add(glossary.id);
      warnings.push({
        type: 'unsupported',
        message: `${dictionary.skippedEntries} glossary entries were left out: terms containing <, > or & cannot be sent as Azure dynamic-dictionary markup.`,
      });
    }
    const marked = texts.map((text) => dictionary.mark(text));
    const reverted = fitWithinLimits(texts, marked, request.to.length);
    if (reverted > 0) {
      warnings.push({
        type: 'other',
        message:
          `Glossary markup was left out of ${reverted} text(s) to keep the request within Azure's 50,000-character ` +
          'limit; they were translated without the glossary.',
      });
    }
    return { texts: marked, marked: marked.some((text, index) => text !== texts[index]), warnings };
  }

  const billing: TranslationBilling = {
    provider: 'azure',
    service: 'translator',
    sku,
    characterCounting: 'utf16',
    billedPerTarget: true,
    billsMarkup: true,
  };

  return {
    id: 'azure',
    apiVersion: is2026 ? AZURE_TRANSLATOR_API_VERSION_2026 : AZURE_TRANSLATOR_API_VERSION,
    endpoint: endpoint.baseUrl,
    ...(endpoint.geography !== undefined || region !== undefined
      ? { region: endpoint.geography ?? region }
      : {}),
    model: category ?? 'general',
    limits: AZURE_TRANSLATOR_LIMITS,
    // Translate still detects per input in 2026-06-06; only the separate Detect operation is gone.
    capabilities: { detectsLanguage: true, multipleTargets: true, glossary: is2026 ? 'none' : 'markup' },
    billing,

    sentLength(text, request) {
      if (is2026) return text.length;
      const { from, glossary } = request;
      if (glossary === undefined || glossary.entries.length === 0 || from === undefined) return text.length;
      if (!request.to.every((target) => dictionarySupportsPair(from, target))) return text.length;
      return dictionaryFor(glossary).mark(text).length;
    },

    async translate(
      request: TranslationRequest,
      options: TranslationCallOptions = {},
    ): Promise<TranslationResponse> {
      checkRequest(request);
      if (request.texts.length === 0) return { items: [], warnings: [] };
      if (is2026) {
        const warnings: TranslationWarning[] =
          request.glossary !== undefined && request.glossary.entries.length > 0
            ? [
                {
                  type: 'unsupported',
                  message:
                    'Azure Translator 2026-06-06 has no dynamic dictionary; the glossary was not sent as markup. The toex pipeline protects glossary terms itself.',
                },
              ]
            : [];
        const result = await translateAzure2026(
          http,
          endpoint.baseUrl,
          request,
          request.texts,
          category,
          options.signal,
        );
        return { ...result, warnings };
      }
      const { texts, marked, warnings } = prepareTexts(request);

      const url = new URL(`${endpoint.baseUrl}/translate`);
      url.searchParams.set('api-version', AZURE_TRANSLATOR_API_VERSION);
      for (const target of request.to) url.searchParams.append('to', target);
      if (request.from !== undefined) url.searchParams.set('from', request.from);
      url.searchParams.set('textType', 'plain');
      if (category !== undefined) url.searchParams.set('category', category);

      const body: AzureTranslateRequestItem[] = texts.map((text) => ({ Text: text }));
      const response = await http.postJson({
        url,
        body,
        signal: options.signal,
        headers: {
          // The documented value; the client's default lacks the charset.
          'content-type': 'application/json; charset=UTF-8',
          // Quoted by Microsoft support together with X-RequestId when investigating a failure.
          'x-clienttraceid': randomUUID(),
        },
        responseSchema: azureTranslateResponseSchema,
        errorParser: parseAzureError,
      });

      return {
        items: mapItems(request, response, url),
        ...meteredCharacters(response.headers),
        // Markup added here is billed, so the pipeline's count of the texts alone would fall short.
        ...(marked
          ? {
              billableCharacters: meterTextTranslation({ texts, targetCount: request.to.length, billing })
                .billedCharacters,
            }
          : {}),
        ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
        warnings,
      };
    },
  };
}

function checkRequest(request: TranslationRequest): void {
  if (request.to.length === 0 || request.to.some((target) => target.trim() === '')) {
    throw new ConfigurationError({
      code: 'invalid_option',
      setting: 'to',
      message: 'Give at least one target language for Azure Translator, e.g. `to: ["en"]`.',
    });
  }
  const lowered = request.to.map((target) => target.toLowerCase());
  if (new Set(lowered).size !== lowered.length) {
    throw new ConfigurationError({
      code: 'invalid_option',
      setting: 'to',
      message: `The target languages ${request.to.join(', ')} repeat a language; give each one once.`,
    });
  }
  const options = request.providerOptions?.azure;
  if (
    options !== undefined &&
    (typeof options !== 'object' || options === null || Object.keys(options).length > 0)
  ) {
    throw new ConfigurationError({
      code: 'invalid_provider_options',
      setting: 'providerOptions.azure',
      message:
        'Azure Translator takes no per-request options; set category, endpoint and region when creating the translator.',
    });
  }
}

/**
 * Drops markup from the texts that gained the most until the request fits Azure's limits again (the packer
 * measured the texts without markup). Returns how many texts lost their markup.
 */
function fitWithinLimits(texts: readonly string[], marked: string[], targetCount: number): number {
  const perItem =
    AZURE_TRANSLATOR_LIMITS.maxCharactersPerItem ?? AZURE_TRANSLATOR_LIMITS.maxCharactersPerRequest;
  let reverted = 0;
  const revert = (index: number) => {
    marked[index] = texts[index] ?? '';
    reverted += 1;
  };
  marked.forEach((text, index) => {
    if (text.length > perItem && text !== texts[index]) revert(index);
  });
  let total = sumLengths(marked) * targetCount;
  if (total <= AZURE_TRANSLATOR_LIMITS.maxCharactersPerRequest) return reverted;
  const byOverhead = marked
    .map((text, index) => ({ index, overhead: text.length - (texts[index] ?? '').length }))
    .filter((entry) => entry.overhead > 0)
    .sort((a, b) => b.overhead - a.overhead);
  for (const { index, overhead } of byOverhead) {
    if (total <= AZURE_TRANSLATOR_LIMITS.maxCharactersPerRequest) break;
    revert(index);
    total -= overhead * targetCount;
  }
  return reverted;
}

function sumLengths(texts: readonly string[]): number {
  return texts.reduce((sum, text) => sum + text.length, 0);
}

/** `X-metered-usage` as `meteredCharacters`, when present and a whole number. */
function meteredCharacters(headers: Headers): { meteredCharacters?: number } {
  const value = headers.get(AZURE_METERED_USAGE_HEADER)?.trim();
  return value !== undefined && /^\d+$/.test(value) ? { meteredCharacters: Number(value) } : {};
}

/**
 * One item per text, translations keyed by the target codes exactly as requested. Azure returns one
 * translation per target in `to` order; its `to` may be normalised (`zh-hans` → `zh-Hans`), so targets are
 * matched case-insensitively and otherwise by position. A response that does not cover every text and
 * target is refused rather than passed on with holes.
 */
function mapItems(
  request: TranslationRequest,
  response: JsonResponse<AzureTranslateResponse>,
  url: URL,
): TranslatedItem[] {
  const results = response.value;
  const incomplete = (problem: string) =>
    new ApiCallError({
      method: 'POST',
      url,
      code: 'invalid_response',
      statusCode: response.statusCode,
      ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
      responseHeaders: response.headers,
      retryable: false,
      problem,
      hint: 'Azure answered with an incomplete result; nothing from it was used. Report it with the request id.',
    });
  if (results.length !== request.texts.length) {
    throw incomplete(`returned ${results.length} results for ${request.texts.length} texts`);
  }
  return results.map((result, index) => {
    if (result.translations.length !== request.to.length) {
      throw incomplete(
        `returned ${result.translations.length} translations for text ${index + 1}, expected ${request.to.length}`,
      );
    }
    const translations: Record<string, string> = {};
    request.to.forEach((target, position) => {
      const wanted = target.toLowerCase();
      const match =
        result.translations.find((translation) => translation.to?.toLowerCase() === wanted) ??
        result.translations[position];
      translations[target] = match?.text ?? '';
    });
    const detected = result.detectedLanguage;
    return request.from === undefined && detected !== null && detected !== undefined
      ? {
          translations,
          detectedLanguage: {
            language: detected.language,
            ...(typeof detected.score === 'number' ? { score: detected.score } : {}),
          },
        }
      : { translations };
  });
}
