import { z } from 'zod';

// Wire shapes of LibreTranslate's HTTP API (v1.9.6, `libretranslate/app.py`; https://libretranslate.com/docs).
// Only the fields toex reads; optional ones are nullish.

/** Body of `POST /translate` as toex sends it (JSON). */
export interface LibreTranslateRequestBody {
  /** Texts to translate; an array gets an array back, in order. */
  q: string[];
  /** Always an explicit language for a batch: with `auto`, one detection is copied to every item. */
  source: string;
  target: string;
  /** Always `text`: `html` would read `<` and `&` in chat messages as markup. */
  format: 'text';
  /** Only when the server requires keys (`--api-keys`). */
  api_key?: string;
}

/**
 * `POST /translate` success. For an array `q`: `{"translatedText":["…","…"]}` (plus `detectedLanguage` as an
 * array when `source` is `auto`); for one string, strings.
 */
export const libreTranslateResponseSchema = z.object({
  translatedText: z.union([z.string(), z.array(z.string())]),
  detectedLanguage: z
    .union([
      z.object({ language: z.string(), confidence: z.number().nullish() }),
      z.array(z.object({ language: z.string(), confidence: z.number().nullish() })),
    ])
    .nullish(),
});

/** `GET /languages`: `[{"code":"en","name":"English","targets":["es",…]}]`. */
export const libreTranslateLanguagesSchema = z.array(
  z.object({ code: z.string(), name: z.string().nullish(), targets: z.array(z.string()).nullish() }),
);

/** Every LibreTranslate error: `{"error":"…"}` (400, 403, 429 "Slowdown: …", 500). */
export const libreTranslateErrorSchema = z.object({ error: z.string() });
