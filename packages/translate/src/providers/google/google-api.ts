import { z } from 'zod';

// Wire shapes of Google Cloud Translation. Only the fields toex reads; optional ones are nullish.
// - v2 (Basic) `POST /language/translate/v2`: https://cloud.google.com/translate/docs/reference/rest/v2/translate
// - v3 (Advanced) `POST /v3/projects/{p}/locations/{l}:translateText`:
//   https://cloud.google.com/translate/docs/reference/rest/v3/projects.locations/translateText
// - errors (the Google API error envelope): https://cloud.google.com/apis/design/errors

/** Body of v2 `POST /language/translate/v2` as toex sends it (JSON). */
export interface GoogleV2TranslateRequestBody {
  /** Texts to translate, at most 128 ("Too many text segments" beyond). */
  q: string[];
  target: string;
  /** Omitted: Google detects the language of each text. */
  source?: string;
  /** Always `text`: the default `html` answers with HTML entities (`&#39;`) in plain chat text. */
  format: 'text';
  /** `nmt` or `base`; omitted: Google's default (nmt). */
  model?: string;
}

/**
 * v2 success, one translation per `q` in request order:
 * `{"data":{"translations":[{"translatedText":"Hallo","detectedSourceLanguage":"en"}]}}`.
 */
export const googleV2TranslateResponseSchema = z.object({
  data: z.object({
    translations: z.array(
      z.object({
        translatedText: z.string(),
        detectedSourceLanguage: z.string().nullish(),
        model: z.string().nullish(),
      }),
    ),
  }),
});

/** A parsed v2 response. */
export type GoogleV2TranslateResponse = z.infer<typeof googleV2TranslateResponseSchema>;

/** Body of v3 `:translateText` as toex sends it. */
export interface GoogleV3TranslateRequestBody {
  /** At most 1,024 strings; Google recommends under 30,000 code points in all. */
  contents: string[];
  targetLanguageCode: string;
  /** Omitted: Google detects the language of each text. Required with a glossary. */
  sourceLanguageCode?: string;
  /** Always `text/plain`: the default `text/html` answers with entities. */
  mimeType: 'text/plain';
  /** `projects/{p}/locations/{l}/models/general/nmt` and the like; omitted: the default NMT model. */
  model?: string;
  glossaryConfig?: { glossary: string; ignoreCase?: boolean };
}

const v3TranslationSchema = z.object({
  translatedText: z.string(),
  detectedLanguageCode: z.string().nullish(),
  model: z.string().nullish(),
});

/**
 * v3 success: `{"translations":[{"translatedText","detectedLanguageCode","model"}],"glossaryTranslations":[…]}`;
 * with a glossary, the glossary-applied results are in `glossaryTranslations`, same order.
 */
export const googleV3TranslateResponseSchema = z.object({
  translations: z.array(v3TranslationSchema),
  glossaryTranslations: z.array(v3TranslationSchema).nullish(),
});

/** A parsed v3 response. */
export type GoogleV3TranslateResponse = z.infer<typeof googleV3TranslateResponseSchema>;

/**
 * OAuth 2.0 token endpoint answer for a signed JWT assertion (RFC 7523):
 * `{"access_token":"ya29…","expires_in":3599,"token_type":"Bearer"}`
 * (https://developers.google.com/identity/protocols/oauth2/service-account#httprest).
 */
export const googleTokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string().nullish(),
});

/** The fields of a service-account key file (JSON downloaded from the console) that toex uses. */
export const googleServiceAccountSchema = z.object({
  type: z.literal('service_account'),
  project_id: z.string().min(1).optional(),
  private_key_id: z.string().optional(),
  private_key: z.string().min(1),
  client_email: z.string().min(1),
  token_uri: z.string().url().optional(),
});

/** A parsed service-account key. */
export type GoogleServiceAccount = z.infer<typeof googleServiceAccountSchema>;

/**
 * Every Google API error: `{"error":{"code":403,"message":"…","status":"PERMISSION_DENIED",
 * "errors":[{"message","domain","reason":"dailyLimitExceeded"}],"details":[{"@type","reason":"API_KEY_INVALID"}]}}`.
 * v2 fills `errors[].reason`; v3 fills `status` and `details[].reason`.
 */
export const googleErrorBodySchema = z.object({
  error: z.object({
    code: z.number().nullish(),
    message: z.string().nullish(),
    status: z.string().nullish(),
    errors: z.array(z.object({ reason: z.string().nullish(), message: z.string().nullish() })).nullish(),
    details: z.array(z.object({ reason: z.string().nullish() }).passthrough()).nullish(),
  }),
});

/** OAuth token endpoint error: `{"error":"invalid_grant","error_description":"Invalid JWT Signature."}`. */
export const googleOAuthErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().nullish(),
});
