import { z } from 'zod';

// Wire shapes of Azure AI Translator v3.0 `POST /translate`
// (https://learn.microsoft.com/azure/ai-services/translator/text-translation/reference/v3/translate).
// Only the fields toex reads; optional ones are nullish so additions or omissions by the service are harmless.

/** Version of the Text Translation API spoken, sent as `api-version`. */
export const AZURE_TRANSLATOR_API_VERSION = '3.0';

/** One element of the request body: `{"Text":"…"}` (the property name is capitalised on the wire). */
export interface AzureTranslateRequestItem {
  Text: string;
}

/**
 * `POST /translate` success: one element per input text, in request order, each with one translation per
 * `to` target (`[{"detectedLanguage":{"language":"en","score":1.0},"translations":[{"text":"…","to":"de"}]}]`).
 * `detectedLanguage` is present only when `from` was omitted.
 */
export const azureTranslateResponseSchema = z.array(
  z.object({
    detectedLanguage: z.object({ language: z.string(), score: z.number().nullish() }).nullish(),
    translations: z.array(z.object({ text: z.string(), to: z.string().nullish() })),
  }),
);

/** A parsed `POST /translate` response. */
export type AzureTranslateResponse = z.infer<typeof azureTranslateResponseSchema>;

/**
 * Every Translator error: `{"error":{"code":403001,"message":"…"}}`, where `code` is the 3-digit HTTP status
 * followed by a 3-digit sub-code
 * (https://learn.microsoft.com/azure/ai-services/translator/text-translation/reference/status-response-codes).
 */
export const azureErrorBodySchema = z.object({
  error: z.object({
    code: z.union([z.number(), z.string()]).nullish(),
    message: z.string().nullish(),
  }),
});

/** Response header with the characters charged for the request (all targets, markup included). */
export const AZURE_METERED_USAGE_HEADER = 'x-metered-usage';
