import { z } from 'zod';

// Wire shapes of Apertium APY (apertium_apy/handlers/translate.py, list_modes.py, base.py), checked
// against APY 0.11.7; captured examples are in __fixtures__/. Only the fields toex reads, all nullish,
// so a newer APY that adds or drops fields keeps working.

/** `POST /translate` success: `{"responseData":{"translatedText":"…"},"responseDetails":null,"responseStatus":200}`. */
export const apertiumTranslateResponseSchema = z.object({
  responseData: z.object({ translatedText: z.string().nullish() }).nullish(),
});

/** `GET /listPairs`: `{"responseData":[{"sourceLanguage":"spa","targetLanguage":"eng"},…],…}`. */
export const apertiumListPairsResponseSchema = z.object({
  responseData: z
    .array(z.object({ sourceLanguage: z.string().nullish(), targetLanguage: z.string().nullish() }))
    .nullish(),
});

/**
 * Every APY error: `{"status":"error","code":400,"message":"Bad Request","explanation":"That pair is not installed"}`.
 * `message` is only the HTTP reason phrase; `explanation` says what went wrong.
 */
export const apertiumErrorBodySchema = z.object({
  status: z.string().nullish(),
  code: z.number().nullish(),
  message: z.string().nullish(),
  explanation: z.string().nullish(),
});

/** A parsed APY error body. */
export type ApertiumErrorBody = z.infer<typeof apertiumErrorBodySchema>;
