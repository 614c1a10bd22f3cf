import { z } from 'zod';

// Wire shapes of Azure AI Language `POST {endpoint}/language/:analyze-text`
// (https://learn.microsoft.com/azure/ai-services/language-service/named-entity-recognition/quickstart and
// https://learn.microsoft.com/rest/api/language/text-analysis-runtime/analyze-text). Only the fields toex reads.

/** The `api-version` sent by default: the GA release whose entities carry `type`/`tags`. */
export const AZURE_LANGUAGE_API_VERSION = '2024-11-01';

/** Documents in one synchronous NER or PII request (data-limits.md: NER 5, PII 5). */
export const AZURE_LANGUAGE_MAX_DOCUMENTS = 5;

/** Characters in one document of a synchronous request (data-limits.md: 5,120). */
export const AZURE_LANGUAGE_MAX_CHARACTERS = 5_120;

/** The request body of `:analyze-text` for EntityRecognition or PiiEntityRecognition. */
export interface AzureAnalyzeTextRequest {
  kind: 'EntityRecognition' | 'PiiEntityRecognition';
  parameters: { modelVersion: string; stringIndexType: 'Utf16CodeUnit' };
  analysisInput: { documents: Array<{ id: string; language: string; text: string }> };
}

/**
 * One entity in either shape: GA before 2024-11-01 (`category`, `subcategory`, `confidenceScore`) or the
 * newer one (`type`, `tags[]`, `score`). Offsets are UTF-16 code units because toex sends
 * `stringIndexType: Utf16CodeUnit`.
 */
export const azureEntitySchema = z.object({
  text: z.string(),
  offset: z.number().int().min(0),
  length: z.number().int().min(0),
  category: z.string().nullish(),
  subcategory: z.string().nullish(),
  confidenceScore: z.number().nullish(),
  type: z.string().nullish(),
  tags: z.array(z.object({ name: z.string(), confidenceScore: z.number().nullish() })).nullish(),
  score: z.number().nullish(),
});

/** A parsed entity. */
export type AzureEntity = z.infer<typeof azureEntitySchema>;

const azureErrorSchema = z.object({
  code: z.union([z.string(), z.number()]).nullish(),
  message: z.string().nullish(),
  innererror: z.object({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
});

/** `:analyze-text` success: per-document entities, and per-document errors (e.g. an oversize document). */
export const azureAnalyzeTextResponseSchema = z.object({
  kind: z.string().nullish(),
  results: z.object({
    documents: z.array(z.object({ id: z.string(), entities: z.array(azureEntitySchema) })),
    errors: z.array(z.object({ id: z.string(), error: azureErrorSchema })).nullish(),
    modelVersion: z.string().nullish(),
  }),
});

/** Every Language error: `{"error":{"code":"InvalidRequest","message":"…","innererror":{…}}}`. */
export const azureLanguageErrorBodySchema = z.object({ error: azureErrorSchema });
