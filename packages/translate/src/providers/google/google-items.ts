import { ApiCallError, type JsonResponse } from '@toex/core';
import type { TranslatedItem, TranslationRequest } from '../../spec';

/** One translation as both API versions return it, with the detected language named either way. */
export interface GoogleTranslation {
  translatedText: string;
  detectedLanguage: string | null | undefined;
}

/**
 * Turns Google's translations (v2 Basic or v3 Advanced) into the request's items, in order. A result with
 * more or fewer translations than texts is refused whole, since no text could be matched to its answer.
 */
export function googleItems(
  translations: readonly GoogleTranslation[],
  request: TranslationRequest,
  target: string,
  response: Pick<JsonResponse<unknown>, 'statusCode' | 'requestId' | 'headers'>,
  url: string,
): TranslatedItem[] {
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
      hint: 'Google answered with an incomplete result; nothing from it was used. Please report it.',
    });
  }
  return translations.map(({ translatedText, detectedLanguage }) =>
    request.from === undefined && typeof detectedLanguage === 'string' && detectedLanguage !== ''
      ? {
          translations: { [target]: translatedText },
          detectedLanguage: { language: detectedLanguage.toLowerCase() },
        }
      : { translations: { [target]: translatedText } },
  );
}
