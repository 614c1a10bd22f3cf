import {
  ApiCallError,
  assertSecureEndpoint,
  ConfigurationError,
  createHttpClient,
  loadAwsCredentials,
  loadAwsRegion,
  parseSettings,
  redactUrl,
  signAwsRequest,
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
import {
  AMAZON_TRANSLATE_TARGET,
  type AmazonTranslateRequestBody,
  amazonTranslateResponseSchema,
} from './amazon-api';
import { parseAmazonError } from './amazon-errors';
import { type AmazonTranslatorSettings, amazonTranslatorSettingsSchema } from './amazon-settings';

/** Amazon's limit on one TranslateText text: 10,000 UTF-8 bytes (https://docs.aws.amazon.com/translate/latest/dg/what-is-limits.html). */
export const AMAZON_MAX_TEXT_BYTES = 10_000;

/**
 * Limits the packer works to: one text per call. A UTF-16 code unit is at most 3 UTF-8 bytes, so texts are
 * split below 3,333 code units, which can never exceed 10,000 bytes; the byte limit is checked as well.
 */
export const AMAZON_TRANSLATOR_LIMITS: TranslationLimits = {
  maxItemsPerRequest: 1,
  maxBytesPerRequest: AMAZON_MAX_TEXT_BYTES,
  maxCharactersPerRequest: 3_333,
  maxCharactersPerItem: 3_333,
  charactersCountPerTarget: false,
};

/**
 * A {@link TranslationProvider} for Amazon Translate (`TranslateText`, AWS JSON 1.1): one text per call, at most
 * 10,000 UTF-8 bytes, SigV4-signed with the official `@smithy/signature-v4` signer, an optional custom
 * terminology already imported into the region.
 *
 * Amazon's `auto` source calls Amazon Comprehend, which may be charged and refuses short texts
 * (DetectedLanguageLowConfidenceException), so this adapter declares `detectsLanguage: false`: toex detects
 * each text's language itself, offline, and always sends a source language.
 *
 * @example
 * const amazon = createAmazonTranslator({ region: 'eu-west-2' }); // keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
 */
export function createAmazonTranslator(given: AmazonTranslatorSettings = {}): TranslationProvider {
  const settings = parseSettings(amazonTranslatorSettingsSchema, given, 'createAmazonTranslator');
  const now = settings.now ?? Date.now;
  const region = () => loadAwsRegion(settings.region);
  const configuredEndpoint =
    settings.endpoint === undefined ? undefined : normaliseEndpoint(settings.endpoint);
  const endpoint = () => configuredEndpoint ?? `https://translate.${region()}.amazonaws.com`;
  const http = createHttpClient({
    userAgent: toexUserAgent('@toex/translate', VERSION),
    fetch: settings.fetch,
    timeoutMs: settings.timeoutMs,
    logger: settings.logger,
  });

  return {
    id: 'amazon',
    apiVersion: '2017-07-01',
    get endpoint() {
      try {
        return endpoint();
      } catch {
        return 'https://translate.<region>.amazonaws.com';
      }
    },
    get region() {
      // The region requests go to (AWS_DEFAULT_REGION included), absent when none is set.
      try {
        return region();
      } catch {
        return undefined;
      }
    },
    limits: AMAZON_TRANSLATOR_LIMITS,
    capabilities: { detectsLanguage: false, multipleTargets: false, glossary: 'none' },
    billing: {
      provider: 'amazon',
      service: 'translator',
      sku: 'standard',
      characterCounting: 'utf16',
      billedPerTarget: true,
      billsMarkup: true,
    },

    async translate(
      request: TranslationRequest,
      options: TranslationCallOptions = {},
    ): Promise<TranslationResponse> {
      const [target, ...others] = request.to;
      if (target === undefined || others.length > 0 || request.texts.length > 1) {
        throw new ConfigurationError({
          code: 'unsupported_option',
          setting: 'to',
          message: `Amazon Translate takes one text into one language per call; got ${request.texts.length} texts into ${request.to.length} languages. The toex pipeline sends them one by one.`,
        });
      }
      const text = request.texts[0];
      if (text === undefined) return { items: [], warnings: [] };
      const warnings: TranslationWarning[] = [];
      if (request.glossary !== undefined && request.glossary.entries.length > 0) {
        warnings.push({
          type: 'unsupported',
          message:
            'Amazon Translate applies only custom terminologies imported into the region (set terminologyName); the toex glossary was not sent, and the toex pipeline protects its terms itself.',
        });
      }
      const url = new URL(`${endpoint()}/`);
      const bytes = Buffer.byteLength(text, 'utf8');
      if (bytes > AMAZON_MAX_TEXT_BYTES) {
        throw new ApiCallError({
          method: 'POST',
          url,
          code: 'request_too_large',
          retryable: false,
          problem: `was not sent: its text is ${bytes} UTF-8 bytes, over Amazon's ${AMAZON_MAX_TEXT_BYTES}`,
          hint: 'Split the text; the toex pipeline splits long texts before sending.',
        });
      }
      const settingsBlock = {
        ...(settings.formality === undefined ? {} : { Formality: settings.formality }),
        ...(settings.maskProfanity === true ? { Profanity: 'MASK' as const } : {}),
      };
      const body: AmazonTranslateRequestBody = {
        Text: text,
        SourceLanguageCode: request.from ?? 'auto',
        TargetLanguageCode: target,
        ...(settings.terminologyName === undefined ? {} : { TerminologyNames: [settings.terminologyName] }),
        ...(Object.keys(settingsBlock).length === 0 ? {} : { Settings: settingsBlock }),
      };
      const serialised = JSON.stringify(body);
      const headers = await signAwsRequest({
        service: 'translate',
        url,
        body: serialised,
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': AMAZON_TRANSLATE_TARGET,
        },
        region: region(),
        credentials: loadAwsCredentials(settings),
        date: new Date(now()),
      });
      // postJson sends JSON.stringify(body): the very bytes signed above.
      const response = await http.postJson({
        url,
        body,
        headers,
        signal: options.signal,
        responseSchema: amazonTranslateResponseSchema,
        errorParser: parseAmazonError,
      });
      const detected = response.value.SourceLanguageCode;
      return {
        items: [
          request.from === undefined && typeof detected === 'string' && detected !== ''
            ? {
                translations: { [target]: response.value.TranslatedText },
                detectedLanguage: { language: detected },
              }
            : { translations: { [target]: response.value.TranslatedText } },
        ],
        ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
        warnings,
      };
    },
  };
}

function normaliseEndpoint(configured: string): string {
  const url = assertSecureEndpoint(configured);
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new ConfigurationError({
      code: 'invalid_endpoint',
      setting: 'endpoint',
      message: `The Amazon Translate endpoint ${redactUrl(url)} must not carry credentials, a query string or a fragment.`,
    });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
