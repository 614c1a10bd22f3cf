import { HttpResponse, http } from 'msw';

// A fake of Azure AI Language `POST {endpoint}/language/:analyze-text` (EntityRecognition and
// PiiEntityRecognition) that follows the documented wire format:
// - request and response: https://learn.microsoft.com/rest/api/language/text-analysis-runtime/analyze-text
//   and the NER REST quickstart
//   https://learn.microsoft.com/azure/ai-services/language-service/named-entity-recognition/quickstart
// - limits (synchronous NER/PII: 5 documents, 5,120 characters a document; too many documents → HTTP 400
//   InvalidDocumentBatch; an oversize document → that document's entry in `results.errors`, the others
//   processed): https://learn.microsoft.com/azure/ai-services/language-service/concepts/data-limits
// - errors (`{"error":{"code":"InvalidRequest","message":"…","innererror":{"code":"…"}}}`; 401 for a bad
//   key; 429 with Retry-After when throttled): same REST reference, ErrorCode and InnerErrorCode.
// - response shapes: GA `category`/`subcategory`/`confidenceScore`; 2024-11-01 and later previews
//   `type`/`tags`/`score`
//   (https://learn.microsoft.com/azure/ai-services/language-service/named-entity-recognition/concepts/named-entity-categories).
// Entities are found with a fixed gazetteer, so tests know what to expect; offsets follow `stringIndexType`.

// A subset of the NER language list; enough to exercise the per-document UnsupportedLanguageCode error.
const SUPPORTED = new Set(['ar', 'de', 'en', 'es', 'fr', 'it', 'nl', 'pl', 'pt-pt', 'ru', 'tr', 'zh-hans']);

/** Options of {@link createAzureLanguageHandlers}. */
export interface AzureLanguageHandlerOptions {
  /** The resource endpoint answered, e.g. `https://toex-test.cognitiveservices.azure.com`. */
  endpoint: string;
  /** The one key accepted. */
  apiKey: string;
  /** Which entity shape to answer with. Default `type-tags`. */
  shape?: 'category' | 'type-tags';
  /** Names to find, with their Azure category (e.g. `{ 'Jane Smith': 'Person', Leeds: 'Location' }`). */
  gazetteer: Record<string, string>;
  /** Answer the first N requests with 429 and this Retry-After (seconds). */
  throttle?: { times: number; retryAfterSeconds: number };
}

/** What the fake saw: every request body, for assertions on packing and parameters. */
export interface AzureLanguageFake {
  handlers: ReturnType<typeof http.post>[];
  requests: Array<{ body: unknown; apiVersion: string | null }>;
}

const error = (
  status: number,
  code: string,
  message: string,
  inner?: string,
  headers?: Record<string, string>,
) =>
  HttpResponse.json(
    { error: { code, message, ...(inner === undefined ? {} : { innererror: { code: inner, message } }) } },
    { status, ...(headers === undefined ? {} : { headers }) },
  );

/** msw handlers faking Azure AI Language synchronous NER/PII. */
export function createAzureLanguageHandlers(options: AzureLanguageHandlerOptions): AzureLanguageFake {
  const requests: AzureLanguageFake['requests'] = [];
  let throttled = 0;
  const handler = http.post(`${options.endpoint}/language/:analyze-text`, async ({ request }) => {
    const url = new URL(request.url);
    const body = (await request.json()) as {
      kind?: string;
      parameters?: { stringIndexType?: string };
      analysisInput?: { documents?: Array<{ id: string; text: string; language?: string }> };
    };
    requests.push({ body, apiVersion: url.searchParams.get('api-version') });
    if (request.headers.get('ocp-apim-subscription-key') !== options.apiKey) {
      return error(
        401,
        '401',
        'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
      );
    }
    if (options.throttle !== undefined && throttled < options.throttle.times) {
      throttled++;
      return error(429, '429', 'Rate limit is exceeded. Try again later.', undefined, {
        'Retry-After': String(options.throttle.retryAfterSeconds),
      });
    }
    if (url.searchParams.get('api-version') === null) {
      return error(
        400,
        'InvalidRequest',
        'Missing required query parameter api-version.',
        'InvalidParameterValue',
      );
    }
    if (body.kind !== 'EntityRecognition' && body.kind !== 'PiiEntityRecognition') {
      return error(400, 'InvalidRequest', `Invalid kind ${body.kind}.`, 'InvalidParameterValue');
    }
    const documents = body.analysisInput?.documents ?? [];
    if (documents.length > 5) {
      return error(
        400,
        'InvalidRequest',
        'Batch request contains too many records. Max 5 records are permitted.',
        'InvalidDocumentBatch',
      );
    }
    const utf16 = body.parameters?.stringIndexType === 'Utf16CodeUnit';
    const results = { documents: [] as unknown[], errors: [] as unknown[], modelVersion: '2025-11-01' };
    for (const document of documents) {
      // The service measures documents in text elements (graphemes).
      const length = [...new Intl.Segmenter().segment(document.text)].length;
      if (length > 5120) {
        results.errors.push({
          id: document.id,
          error: {
            code: 'InvalidArgument',
            message: 'Invalid document in request.',
            innererror: {
              code: 'InvalidDocument',
              message:
                'A document within the request was too large to be processed. Limit document size to: 5120 text elements.',
            },
          },
        });
        continue;
      }
      if (document.language !== undefined && !SUPPORTED.has(document.language)) {
        results.errors.push({
          id: document.id,
          error: {
            code: 'InvalidArgument',
            message: 'Invalid Language Code.',
            innererror: {
              code: 'UnsupportedLanguageCode',
              message: `Invalid language code '${document.language}'. Supported languages: ${[...SUPPORTED].join(',')}.`,
            },
          },
        });
        continue;
      }
      const entities: unknown[] = [];
      for (const [name, category] of Object.entries(options.gazetteer)) {
        let at = document.text.indexOf(name);
        while (at >= 0) {
          // Without Utf16CodeUnit the default TextElements_v8 offsets differ on astral characters.
          const offset = utf16 ? at : [...new Intl.Segmenter().segment(document.text.slice(0, at))].length;
          entities.push(
            options.shape === 'category'
              ? { text: name, category, offset, length: name.length, confidenceScore: 0.97 }
              : {
                  text: name,
                  type: category,
                  tags: [{ name: category, confidenceScore: 0.97 }],
                  offset,
                  length: name.length,
                  score: 0.97,
                },
          );
          at = document.text.indexOf(name, at + name.length);
        }
      }
      results.documents.push({ id: document.id, entities, warnings: [] });
    }
    return HttpResponse.json(
      { kind: `${body.kind}Results`, results },
      { headers: { 'apim-request-id': `req-${requests.length}` } },
    );
  });
  return { handlers: [handler], requests };
}
