import {
  ApiCallError,
  assertSecureEndpoint,
  ConfigurationError,
  createHttpClient,
  loadAwsCredentials,
  loadAwsRegion,
  parseSettings,
  redactUrl,
  retry,
  signAwsRequest,
  toexUserAgent,
} from '@toex/core';
import { countTextRecords } from '@toex/costing';
import type { EntityType, Finding } from '../../finding';
import { VERSION } from '../../version';
import type { NamedEntityProvider, NamedEntityRequest, NamedEntityResponse } from '../spec';

import { codePointToUtf16Offsets } from './code-point-offsets';
import {
  COMPREHEND_DETECT_ENTITIES_TARGET,
  COMPREHEND_MAX_TEXT_BYTES,
  type ComprehendDetectEntitiesRequest,
  comprehendDetectEntitiesResponseSchema,
} from './comprehend-api';
import { parseComprehendError } from './comprehend-errors';
import { type ComprehendRecognizerSettings, comprehendRecognizerSettingsSchema } from './comprehend-settings';

// DetectEntities types toex reports; DATE, QUANTITY, TITLE, EVENT, COMMERCIAL_ITEM and OTHER are not.
const TYPE_BY_COMPREHEND_TYPE: Readonly<Record<string, EntityType>> = {
  PERSON: 'person',
  LOCATION: 'location',
  ORGANIZATION: 'organisation',
};

/**
 * One text a request, split below 33,333 UTF-16 code units: a code unit is at most 3 UTF-8 bytes, so a
 * piece never exceeds the 100 KB limit (which is checked as well).
 */
export const COMPREHEND_LIMITS = { maxDocumentsPerRequest: 1, maxCharactersPerDocument: 33_333 } as const;

/**
 * How Comprehend bills: units of 100 characters with a minimum of 3 units a request
 * (https://aws.amazon.com/comprehend/pricing/), the `amazon/comprehend/detect-entities` catalogue entry's
 * rule. Characters here are code points.
 */
export const COMPREHEND_METERING = {
  charactersPerRecord: 100,
  characterCounting: 'codepoints',
  minimumRecords: 3,
} as const;

/** The catalogue entry Comprehend units are priced under. */
const COMPREHEND_PRICE_KEY = { provider: 'amazon', service: 'comprehend', sku: 'detect-entities' };

/** The units Comprehend bills for one request carrying `text` (see {@link COMPREHEND_METERING}). */
export function comprehendUnits(text: string): number {
  return countTextRecords([text], COMPREHEND_METERING).records;
}

/**
 * A {@link NamedEntityProvider} for Amazon Comprehend `DetectEntities`: one text a call of at most 100 KB
 * of UTF-8, SigV4-signed with the official `@smithy/signature-v4` signer, people, locations and
 * organisations reported. Comprehend's offsets count characters (code points); they are converted to
 * UTF-16 code units with a prefix table over the text's code points, so an emoji before a name does not
 * shift it, and each finding is checked to slice back to the text Comprehend reported.
 *
 * @example
 * const aws = createComprehendRecognizer({ region: 'eu-west-2' }); // AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
 */
export function createComprehendRecognizer(given: ComprehendRecognizerSettings = {}): NamedEntityProvider {
  const settings = parseSettings(comprehendRecognizerSettingsSchema, given, 'createComprehendRecognizer');
  const now = settings.now ?? Date.now;
  const region = () => loadAwsRegion(settings.region);
  const configured = settings.endpoint === undefined ? undefined : normaliseEndpoint(settings.endpoint);
  const endpoint = () => configured ?? `https://comprehend.${region()}.amazonaws.com`;
  const http = createHttpClient({
    userAgent: toexUserAgent('@toex/entities', VERSION),
    fetch: settings.fetch,
    timeoutMs: settings.timeoutMs,
    logger: settings.logger,
  });

  return {
    providerId: 'aws-comprehend',
    modelVersion: 'comprehend 2017-11-27 DetectEntities',
    get endpoint() {
      try {
        return endpoint();
      } catch {
        return 'https://comprehend.<region>.amazonaws.com';
      }
    },
    limits: COMPREHEND_LIMITS,
    meter: {
      unit: 'comprehend-unit',
      priceKey: COMPREHEND_PRICE_KEY,
      units: (texts) => texts.reduce((sum, text) => sum + comprehendUnits(text), 0),
    },

    async recognize(request: NamedEntityRequest): Promise<NamedEntityResponse> {
      const url = new URL(`${endpoint()}/`);
      if (request.texts.length > 1) {
        throw new ConfigurationError({
          code: 'unsupported_option',
          setting: 'texts',
          message: `DetectEntities takes one text per call; got ${request.texts.length}. Use recognizeNamedEntities, which sends them one by one.`,
        });
      }
      const text = request.texts[0];
      if (text === undefined) return { documents: [] };
      const bytes = Buffer.byteLength(text, 'utf8');
      if (bytes > COMPREHEND_MAX_TEXT_BYTES) {
        throw new ApiCallError({
          method: 'POST',
          url,
          code: 'request_too_large',
          retryable: false,
          problem: `was not sent: its text is ${bytes} UTF-8 bytes, over Comprehend's ${COMPREHEND_MAX_TEXT_BYTES}`,
          hint: 'Use recognizeNamedEntities, which splits long texts.',
        });
      }
      const body: ComprehendDetectEntitiesRequest = { Text: text, LanguageCode: request.language ?? 'en' };
      const credentials = loadAwsCredentials(settings);
      const response = await retry(
        async (_attempt, signal) => {
          // Signed per attempt: a retry after Retry-After must carry a fresh date.
          const headers = await signAwsRequest({
            url,
            body: JSON.stringify(body),
            headers: {
              'content-type': 'application/x-amz-json-1.1',
              'x-amz-target': COMPREHEND_DETECT_ENTITIES_TARGET,
            },
            region: region(),
            service: 'comprehend',
            credentials,
            date: new Date(now()),
          });
          return http.postJson({
            url,
            body,
            headers,
            signal,
            responseSchema: comprehendDetectEntitiesResponseSchema,
            errorParser: parseComprehendError,
          });
        },
        { signal: request.signal, maxRetries: settings.maxRetries },
      );
      const toUtf16 = codePointToUtf16Offsets(text);
      const findings = response.value.Entities.flatMap((entity): Finding[] => {
        const type = TYPE_BY_COMPREHEND_TYPE[entity.Type];
        if (type === undefined) return [];
        let start = toUtf16(entity.BeginOffset);
        let end = toUtf16(entity.EndOffset);
        // Whether Comprehend counts code points or UTF-16 units is not stated beyond "characters": code
        // points are assumed, and UTF-16 offsets are accepted when only they slice back to its text.
        if (
          entity.Text != null &&
          text.slice(start, end) !== entity.Text &&
          text.slice(entity.BeginOffset, entity.EndOffset) === entity.Text
        ) {
          start = entity.BeginOffset;
          end = entity.EndOffset;
        }
        const value = text.slice(start, end);
        // An offset that does not slice back to Comprehend's own text is dropped, never trusted.
        if (value === '' || (entity.Text != null && entity.Text !== value)) return [];
        return [
          {
            type,
            text: value,
            start,
            end,
            normalized: value.replace(/\s+/g, ' '),
            confidence: entity.Score ?? 0.5,
            recognizer: 'aws-comprehend',
            validated: false,
          },
        ];
      });
      return {
        documents: [findings],
        billing: {
          unit: 'comprehend-unit',
          quantity: comprehendUnits(text),
          priceKey: COMPREHEND_PRICE_KEY,
        },
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
      message: `The Amazon Comprehend endpoint ${redactUrl(url)} must not carry credentials, a query string or a fragment.`,
    });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
