import {
  ApiCallError,
  ConfigurationError,
  createHttpClient,
  loadSetting,
  parseSettings,
  toexUserAgent,
} from '@toex/core';
import type {
  TranslationCallOptions,
  TranslationLimits,
  TranslationProvider,
  TranslationRequest,
  TranslationResponse,
  TranslationWarning,
} from '../../spec';
import { VERSION } from '../../version';
import { type GoogleV3TranslateRequestBody, googleV3TranslateResponseSchema } from './google-api';
import { GOOGLE_TRANSLATE_ENDPOINT, normaliseGoogleEndpoint, singleTarget } from './google-endpoint';
import { parseGoogleError } from './google-errors';
import { googleItems } from './google-items';
import { GoogleAccessTokens } from './google-service-account';
import {
  type GoogleAdvancedTranslatorSettings,
  googleAdvancedTranslatorSettingsSchema,
} from './google-settings';

/**
 * Limits the packer works to. v3 `contents` holds at most 1,024 strings, and Google recommends (and past it
 * answers "Text is too long") under 30,000 code points a request
 * (https://cloud.google.com/translate/quotas, "Content limits"). The packer counts UTF-16 code units, never
 * fewer than code points, so 30,000 of them stay within the limit.
 */
export const GOOGLE_V3_TRANSLATOR_LIMITS: TranslationLimits = {
  maxItemsPerRequest: 1_024,
  maxCharactersPerRequest: 30_000,
  charactersCountPerTarget: false,
};

/**
 * A {@link TranslationProvider} for Google Cloud Translation Advanced (v3, `projects.locations.translateText`):
 * one target per request, 1,024 texts and 30,000 code points, per-text detection, `mimeType: text/plain`, and
 * service-account auth — a JWT signed with the key (RS256, Node's crypto), exchanged for an access token that is
 * cached and renewed five minutes before it expires. v3 accepts no API keys.
 *
 * A glossary already on Google (`glossaryId`) is applied to requests with a source language; toex glossaries
 * are protected by the pipeline (`capabilities.glossary: 'none'`), since a Google glossary is made from a
 * Cloud Storage file, not from a request.
 *
 * @example
 * const google = createGoogleAdvancedTranslator({ location: 'europe-west1' }); // key from GOOGLE_APPLICATION_CREDENTIALS
 *
 * @throws ConfigurationError for a bad endpoint. A missing key or project is reported by the first request.
 */
export function createGoogleAdvancedTranslator(
  given: GoogleAdvancedTranslatorSettings = {},
): TranslationProvider {
  const settings = parseSettings(
    googleAdvancedTranslatorSettingsSchema,
    given,
    'createGoogleAdvancedTranslator',
  );
  const endpoint =
    settings.endpoint === undefined
      ? GOOGLE_TRANSLATE_ENDPOINT
      : normaliseGoogleEndpoint(settings.endpoint, /\/v3$/i);
  const location = settings.location ?? 'global';
  const now = settings.now ?? Date.now;
  const http = createHttpClient({
    userAgent: toexUserAgent('@toex/translate', VERSION),
    fetch: settings.fetch,
    timeoutMs: settings.timeoutMs,
    logger: settings.logger,
  });
  const tokens = new GoogleAccessTokens(http, settings.credentials, settings.tokenEndpoint, now);

  const projectId = (): string => {
    const project =
      settings.projectId ??
      tokens.serviceAccount().project_id ??
      loadSetting({ environmentVariable: 'GOOGLE_CLOUD_PROJECT' });
    if (project === undefined) {
      throw new ConfigurationError({
        code: 'missing_setting',
        setting: 'projectId',
        message:
          "The Google Cloud project is unknown: pass 'projectId', or set GOOGLE_CLOUD_PROJECT (the key file has no project_id).",
      });
    }
    return project;
  };
  const resource = (kind: 'models' | 'glossaries', name: string) =>
    name.startsWith('projects/') ? name : `projects/${projectId()}/locations/${location}/${kind}/${name}`;

  return {
    id: 'google-v3',
    apiVersion: 'v3',
    endpoint,
    region: location,
    ...(settings.model === undefined ? {} : { model: settings.model }),
    limits: GOOGLE_V3_TRANSLATOR_LIMITS,
    capabilities: { detectsLanguage: true, multipleTargets: false, glossary: 'none' },
    billing: {
      provider: 'google',
      service: 'translator',
      sku: 'v3-nmt',
      characterCounting: 'utf16',
      billedPerTarget: true,
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
            'Google Cloud Translation v3 takes glossaries only as resources made from Cloud Storage files (set glossaryId); the toex glossary was not sent, and the toex pipeline protects its terms itself.',
        });
      }
      let glossary: string | undefined;
      if (settings.glossaryId !== undefined) {
        if (request.from === undefined) {
          warnings.push({
            type: 'unsupported',
            message:
              'Google glossaries need a source language, so the glossary was not applied to this request. Give `from`.',
          });
        } else {
          glossary = resource('glossaries', settings.glossaryId);
        }
      }
      const body: GoogleV3TranslateRequestBody = {
        contents: [...request.texts],
        targetLanguageCode: target,
        ...(request.from === undefined ? {} : { sourceLanguageCode: request.from }),
        mimeType: 'text/plain',
        ...(settings.model === undefined ? {} : { model: resource('models', settings.model) }),
        ...(glossary === undefined ? {} : { glossaryConfig: { glossary } }),
      };
      const url = `${endpoint}/v3/projects/${encodeURIComponent(projectId())}/locations/${location}:translateText`;
      const token = await tokens.get(options.signal);
      let response: Awaited<ReturnType<typeof post>>;
      try {
        response = await post(url, body, token, options.signal);
      } catch (error) {
        // A refused token is not used again: the next request signs in afresh.
        if (ApiCallError.isInstance(error) && error.statusCode === 401) tokens.invalidate();
        throw error;
      }
      const translations =
        glossary === undefined
          ? response.value.translations
          : (response.value.glossaryTranslations ?? response.value.translations);
      return {
        items: googleItems(
          translations.map((translation) => ({
            translatedText: translation.translatedText,
            detectedLanguage: translation.detectedLanguageCode,
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

  function post(url: string, body: GoogleV3TranslateRequestBody, token: string, signal?: AbortSignal) {
    return http.postJson({
      url,
      body,
      headers: { authorization: `Bearer ${token}` },
      signal,
      responseSchema: googleV3TranslateResponseSchema,
      errorParser: parseGoogleError,
    });
  }
}
