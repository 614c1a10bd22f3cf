import { z } from 'zod';

// Wire shapes of the DeepL API (openapi.yaml of DeepLcom/openapi at d161fd2c, spec 3.11.0;
// https://developers.deepl.com/api-reference/translate and /api-reference/multilingual-glossaries).
// Only the fields toex reads; optional ones are nullish.

/** Body of `POST /v2/translate` as toex sends it (JSON). */
export interface DeeplTranslateRequestBody {
  /** Texts to translate, at most 50; each is translated independently. */
  text: string[];
  target_lang: string;
  /** Omitted: DeepL detects the language of each text. Required with a glossary. */
  source_lang?: string;
  /** Always true: each translation then reports the characters billed for it. */
  show_billed_characters: true;
  glossary_id?: string;
  formality?: string;
  model_type?: string;
  preserve_formatting?: boolean;
}

/**
 * `POST /v2/translate` success, one translation per text in request order:
 * `{"translations":[{"detected_source_language":"EN","text":"Hallo, Welt!","billed_characters":13}]}`.
 */
export const deeplTranslateResponseSchema = z.object({
  translations: z.array(
    z.object({
      text: z.string(),
      detected_source_language: z.string().nullish(),
      billed_characters: z.number().int().nonnegative().nullish(),
      model_type_used: z.string().nullish(),
    }),
  ),
});

/** A parsed `POST /v2/translate` response. */
export type DeeplTranslateResponse = z.infer<typeof deeplTranslateResponseSchema>;

/** One dictionary of a multilingual (v3) glossary, as DeepL lists it (language codes in either case). */
const glossaryDictionarySchema = z.object({
  source_lang: z.string(),
  target_lang: z.string(),
  entry_count: z.number().int().nullish(),
});

/** `POST /v3/glossaries` success (201): the created glossary. */
export const deeplGlossarySchema = z.object({
  glossary_id: z.string().min(1),
  name: z.string().nullish(),
  dictionaries: z.array(glossaryDictionarySchema).nullish(),
});

/** `GET /v3/glossaries` success: `{"glossaries":[…]}`. */
export const deeplGlossaryListSchema = z.object({ glossaries: z.array(deeplGlossarySchema).nullish() });

/**
 * Every DeepL error: `ErrorResponse` `{"message":"…","code":"…"}` (`code` optional, machine-readable), or for
 * glossaries `{"message":"Invalid glossary entries provided","detail":"…"}`.
 */
export const deeplErrorBodySchema = z.object({
  message: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
  detail: z.string().nullish(),
});

/** Response header carrying DeepL's id for a request (quote it to DeepL support). */
export const DEEPL_TRACE_ID_HEADER = 'x-trace-id';
