import { z } from 'zod';

// Wire shapes of Amazon Translate `TranslateText` (AWS JSON 1.1 protocol):
// https://docs.aws.amazon.com/translate/latest/APIReference/API_TranslateText.html
// Only the fields toex reads; optional ones are nullish.

/** The `X-Amz-Target` of TranslateText. */
export const AMAZON_TRANSLATE_TARGET = 'AWSShineFrontendService_20170701.TranslateText';

/** Body of `TranslateText` as toex sends it: one text per call. */
export interface AmazonTranslateRequestBody {
  /** At most 10,000 UTF-8 bytes. */
  Text: string;
  /** A language code, or `auto` (Amazon Comprehend detects it; may be charged). */
  SourceLanguageCode: string;
  TargetLanguageCode: string;
  /** At most one custom terminology per request. */
  TerminologyNames?: string[];
  Settings?: { Formality?: 'FORMAL' | 'INFORMAL'; Profanity?: 'MASK'; Brevity?: 'ON' };
}

/** `TranslateText` success: `{"TranslatedText":"…","SourceLanguageCode":"es","TargetLanguageCode":"en"}`. */
export const amazonTranslateResponseSchema = z.object({
  TranslatedText: z.string(),
  SourceLanguageCode: z.string().nullish(),
  TargetLanguageCode: z.string().nullish(),
  AppliedTerminologies: z.array(z.object({ Name: z.string().nullish() }).passthrough()).nullish(),
});
