import { randomUUID } from 'node:crypto';
import { ApiCallError, type HttpClient } from '@toex/core';
import { z } from 'zod';
import type { TranslatedItem, TranslationRequest, TranslationResponse } from '../../spec';
import { parseAzureError } from './azure-errors';

// Azure AI Translator API version 2026-06-06
// (https://learn.microsoft.com/azure/ai-services/translator/text-translation/2026-06-06/translate-api and
// .../how-to/migrate-to-2026-06-06): the same hosts and auth headers as v3, a new body and response shape,
// billing in the `sourceCharactersCharged` header, and no Detect operation.

/** The API version string. */
export const AZURE_TRANSLATOR_API_VERSION_2026 = '2026-06-06';

/** One input of the 2026-06-06 body. */
export interface Azure2026TranslateInput {
  text: string;
  /** Source language; omitted: Azure detects it for this input. */
  language?: string;
  textType: 'plain';
  targets: Array<{ language: string; deploymentName?: string }>;
}

/**
 * 2026-06-06 success: `{"value":[{"detectedLanguage":{"language":"en","score":1},
 * "translations":[{"text":"…","language":"es","sourceCharacters":72}]}]}`, one element per input, in order.
 */
export const azure2026TranslateResponseSchema = z.object({
  value: z.array(
    z.object({
      detectedLanguage: z.object({ language: z.string(), score: z.number().nullish() }).nullish(),
      translations: z.array(
        z.object({
          text: z.string(),
          language: z.string().nullish(),
          sourceCharacters: z.number().nullish(),
        }),
      ),
    }),
  ),
});

/** Response header with the source characters charged for the whole request (all targets). */
export const AZURE_SOURCE_CHARACTERS_CHARGED_HEADER = 'sourcecharacterscharged';

/**
 * Sends one request in the 2026-06-06 shape: every text an input carrying every target (with the Custom
 * Translator category as `deploymentName`), and maps the `value` back to items keyed by the requested codes.
 * The charged characters come from `sourceCharactersCharged`.
 */
export async function translateAzure2026(
  http: HttpClient,
  baseUrl: string,
  request: TranslationRequest,
  texts: readonly string[],
  category: string | undefined,
  signal: AbortSignal | undefined,
): Promise<Omit<TranslationResponse, 'warnings'>> {
  const url = new URL(`${baseUrl}/translate`);
  url.searchParams.set('api-version', AZURE_TRANSLATOR_API_VERSION_2026);
  const targets = request.to.map((language) => ({
    language,
    ...(category === undefined ? {} : { deploymentName: category }),
  }));
  const inputs: Azure2026TranslateInput[] = texts.map((text) => ({
    text,
    ...(request.from === undefined ? {} : { language: request.from }),
    textType: 'plain',
    targets,
  }));
  const response = await http.postJson({
    url,
    body: { inputs },
    signal,
    headers: { 'content-type': 'application/json; charset=UTF-8', 'x-clienttraceid': randomUUID() },
    responseSchema: azure2026TranslateResponseSchema,
    errorParser: parseAzureError,
  });
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
  const results = response.value.value;
  if (results.length !== texts.length) {
    throw incomplete(`returned ${results.length} results for ${texts.length} texts`);
  }
  const items: TranslatedItem[] = results.map((result, index) => {
    if (result.translations.length !== request.to.length) {
      throw incomplete(
        `returned ${result.translations.length} translations for text ${index + 1}, expected ${request.to.length}`,
      );
    }
    const translations: Record<string, string> = {};
    request.to.forEach((target, position) => {
      const match =
        result.translations.find(
          (translation) => translation.language?.toLowerCase() === target.toLowerCase(),
        ) ?? result.translations[position];
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
  const charged = response.headers.get(AZURE_SOURCE_CHARACTERS_CHARGED_HEADER)?.trim();
  return {
    items,
    ...(charged !== undefined && /^\d+$/.test(charged) ? { meteredCharacters: Number(charged) } : {}),
    ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
  };
}
