import {
  ApiCallError,
  assertSecureEndpoint,
  ConfigurationError,
  createHttpClient,
  loadSecret,
  loadSetting,
  parseSettings,
  redactUrl,
  retry,
  toexUserAgent,
} from '@toex/core';
import { countTextRecords } from '@toex/costing';
import type { EntityType, Finding } from '../../finding';
import { VERSION } from '../../version';
import type { NamedEntityProvider, NamedEntityRequest, NamedEntityResponse } from '../spec';
import {
  AZURE_LANGUAGE_API_VERSION,
  AZURE_LANGUAGE_MAX_CHARACTERS,
  AZURE_LANGUAGE_MAX_DOCUMENTS,
  type AzureAnalyzeTextRequest,
  type AzureEntity,
  azureAnalyzeTextResponseSchema,
} from './azure-language-api';
import { parseAzureLanguageError } from './azure-language-errors';
import {
  type AzureLanguageRecognizerSettings,
  azureLanguageRecognizerSettingsSchema,
} from './azure-language-settings';

// Azure names (GA categories/subcategories, newer types and tags) → toex types. Everything else (dates,
// quantities, skills …) is left to toex's own validated recognizers or not reported.
const TYPE_BY_AZURE_NAME: Readonly<Record<string, EntityType>> = {
  Person: 'person',
  Location: 'location',
  GPE: 'location',
  City: 'location',
  State: 'location',
  CountryRegion: 'location',
  Continent: 'location',
  Geological: 'location',
  Geographical: 'location',
  Structural: 'location',
  Airport: 'location',
  Address: 'location',
  Organization: 'organisation',
  OrganizationMedical: 'organisation',
  OrganizationSports: 'organisation',
  OrganizationStockExchange: 'organisation',
  PhoneNumber: 'phone',
  Email: 'email',
  URL: 'url',
  IPAddress: 'ip',
  IpAddress: 'ip',
  CreditCardNumber: 'card',
  InternationalBankingAccountNumber: 'iban',
  UKNationalInsuranceNumber: 'uk-nino',
  UKNationalHealthNumber: 'nhs-number',
};

/** The toex type of an Azure entity in either response shape, or undefined when toex does not report it. */
export function azureEntityType(entity: AzureEntity): EntityType | undefined {
  const names = [
    entity.type,
    entity.subcategory,
    entity.category,
    ...(entity.tags ?? []).map((tag) => tag.name),
  ];
  for (const name of names) {
    const type = name == null ? undefined : TYPE_BY_AZURE_NAME[name];
    if (type !== undefined) return type;
  }
  return undefined;
}

/** The catalogue entry Azure AI Language text records are priced under. */
const AZURE_LANGUAGE_PRICE_KEY = { provider: 'azure', service: 'language', sku: 'text-records' };

/**
 * A {@link NamedEntityProvider} for Azure AI Language NER (or PII) over the synchronous
 * `:analyze-text` API: at most 5 documents of at most 5,120 characters a request, offsets requested as
 * UTF-16 code units (`stringIndexType: Utf16CodeUnit`) so they index JavaScript strings directly, both
 * the `category/subcategory` and the `type/tags` response shapes read. Each response reports the text
 * records billed (1 per started 1,000 characters of each document, counted as Azure counts them) priced
 * under the `azure/language/text-records` catalogue entry. Throttled and 5xx requests are retried,
 * honouring Retry-After.
 *
 * @example
 * const azure = createAzureLanguageRecognizer(); // AZURE_LANGUAGE_KEY, AZURE_LANGUAGE_ENDPOINT
 */
export function createAzureLanguageRecognizer(
  given: AzureLanguageRecognizerSettings = {},
): NamedEntityProvider {
  const settings = parseSettings(
    azureLanguageRecognizerSettingsSchema,
    given,
    'createAzureLanguageRecognizer',
  );
  const configured = settings.endpoint ?? loadSetting({ environmentVariable: 'AZURE_LANGUAGE_ENDPOINT' });
  const base = configured === undefined ? undefined : normaliseEndpoint(configured);
  const apiVersion = settings.apiVersion ?? AZURE_LANGUAGE_API_VERSION;
  const pii = settings.task === 'pii';
  const http = createHttpClient({
    userAgent: toexUserAgent('@toex/entities', VERSION),
    fetch: settings.fetch,
    timeoutMs: settings.timeoutMs,
    logger: settings.logger,
  });

  return {
    providerId: pii ? 'azure-language-pii' : 'azure-language',
    modelVersion: `analyze-text ${apiVersion} ${settings.modelVersion ?? 'latest'}`,
    endpoint: base ?? 'https://<resource>.cognitiveservices.azure.com',
    meter: {
      unit: 'text-record',
      priceKey: AZURE_LANGUAGE_PRICE_KEY,
      units: (texts) => countTextRecords(texts).records,
    },
    limits: {
      maxDocumentsPerRequest: AZURE_LANGUAGE_MAX_DOCUMENTS,
      maxCharactersPerDocument: AZURE_LANGUAGE_MAX_CHARACTERS,
    },

    async recognize(request: NamedEntityRequest): Promise<NamedEntityResponse> {
      if (base === undefined) {
        throw new ConfigurationError({
          code: 'missing_setting',
          setting: 'AZURE_LANGUAGE_ENDPOINT',
          message:
            "The Azure AI Language endpoint is missing: pass 'endpoint' or set AZURE_LANGUAGE_ENDPOINT (https://<resource>.cognitiveservices.azure.com).",
        });
      }
      const url = new URL(`${base}/language/:analyze-text`);
      url.searchParams.set('api-version', apiVersion);
      if (request.texts.length === 0) return { documents: [] };
      const tooLong = request.texts.findIndex((text) => text.length > AZURE_LANGUAGE_MAX_CHARACTERS);
      if (request.texts.length > AZURE_LANGUAGE_MAX_DOCUMENTS || tooLong >= 0) {
        throw new ApiCallError({
          method: 'POST',
          url,
          code: 'request_too_large',
          retryable: false,
          problem: `was not sent: ${request.texts.length} documents${tooLong >= 0 ? `, document ${tooLong + 1} is ${request.texts[tooLong]!.length} characters` : ''}; Azure takes at most ${AZURE_LANGUAGE_MAX_DOCUMENTS} of at most ${AZURE_LANGUAGE_MAX_CHARACTERS}`,
          hint: 'Use recognizeNamedEntities, which packs texts within the limits.',
        });
      }
      const body: AzureAnalyzeTextRequest = {
        kind: pii ? 'PiiEntityRecognition' : 'EntityRecognition',
        parameters: { modelVersion: settings.modelVersion ?? 'latest', stringIndexType: 'Utf16CodeUnit' },
        analysisInput: {
          documents: request.texts.map((text, index) => ({
            id: String(index + 1),
            language: request.language ?? 'en',
            text,
          })),
        },
      };
      const apiKey = loadSecret({
        value: settings.apiKey,
        environmentVariable: 'AZURE_LANGUAGE_KEY',
        description: 'The Azure AI Language key',
      });
      const response = await retry(
        (_attempt, signal) =>
          http.postJson({
            url,
            body,
            headers: { 'ocp-apim-subscription-key': apiKey },
            signal,
            responseSchema: azureAnalyzeTextResponseSchema,
            errorParser: parseAzureLanguageError,
          }),
        { signal: request.signal, maxRetries: settings.maxRetries },
      );
      const failed = response.value.results.errors?.[0];
      if (failed !== undefined) {
        // A document Azure refused is not silently dropped: the whole batch fails, with the reason.
        throw new ApiCallError({
          method: 'POST',
          url,
          code: 'document_error',
          retryable: false,
          problem:
            `returned an error for document ${failed.id}: ${failed.error.innererror?.code ?? failed.error.code ?? 'unknown'} ${failed.error.innererror?.message ?? failed.error.message ?? ''}`.trimEnd(),
          ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
        });
      }
      const byId = new Map(response.value.results.documents.map((document) => [document.id, document]));
      const recognizer = pii ? 'azure-language-pii' : 'azure-language';
      const documents = request.texts.map((text, index): Finding[] => {
        const document = byId.get(String(index + 1));
        if (document === undefined) {
          throw new ApiCallError({
            method: 'POST',
            url,
            code: 'invalid_response',
            retryable: false,
            problem: `answered without document ${index + 1} of ${request.texts.length}`,
          });
        }
        return document.entities.flatMap((entity): Finding[] => {
          const type = azureEntityType(entity);
          const end = entity.offset + entity.length;
          // Offsets that do not slice back to the reported text are dropped rather than trusted.
          if (type === undefined || text.slice(entity.offset, end) !== entity.text) return [];
          return [
            {
              type,
              text: entity.text,
              start: entity.offset,
              end,
              normalized: entity.text.replace(/\s+/g, ' '),
              confidence: entity.confidenceScore ?? entity.score ?? 0.5,
              recognizer,
              validated: false,
            },
          ];
        });
      });
      return {
        documents,
        billing: {
          unit: 'text-record',
          quantity: countTextRecords(request.texts).records,
          priceKey: AZURE_LANGUAGE_PRICE_KEY,
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
      message: `The Azure AI Language endpoint ${redactUrl(url)} must not carry credentials, a query string or a fragment.`,
    });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
