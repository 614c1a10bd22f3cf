import { type FetchFunction, functionSetting, type Logger, objectSetting } from '@toex/core';
import { z } from 'zod';

/** How formal DeepL's output is: `prefer_*` falls back to the default where the target language has no formality. */
export type DeeplFormality = 'default' | 'more' | 'less' | 'prefer_more' | 'prefer_less';

/** Which DeepL model translates: `quality_optimized` (next-gen), `latency_optimized` (classic) or `prefer_quality_optimized`. */
export type DeeplModelType = 'quality_optimized' | 'prefer_quality_optimized' | 'latency_optimized';

/** Settings of {@link createDeeplTranslator}. Every one is optional. */
export interface DeeplTranslatorSettings {
  /**
   * The DeepL API key, sent as `Authorization: DeepL-Auth-Key …`. Default: the `DEEPL_API_KEY` environment
   * variable, read when a request is made. API Free keys end in `:fx`.
   */
  apiKey?: string;
  /**
   * Base URL. Default: `https://api-free.deepl.com` for API Free keys (ending in `:fx`), else
   * `https://api.deepl.com`. Must be `https://` (plain `http://` only to this machine), without credentials
   * or a query string; a trailing `/v2` is dropped.
   */
  endpoint?: string;
  /**
   * Formality of the output (`formality`). Default: DeepL's default. `more`/`less` fail for target
   * languages without formality; `prefer_more`/`prefer_less` fall back quietly.
   */
  formality?: DeeplFormality;
  /** DeepL model (`model_type`). Default: DeepL's default. Recorded as the provider's `model`. */
  modelType?: DeeplModelType;
  /**
   * Keep the source's punctuation and capitalisation where DeepL would otherwise correct them
   * (`preserve_formatting`). Default false, as DeepL. Worth setting for evidence, where the original form matters.
   */
  preserveFormatting?: boolean;
  /** Replaces the HTTP transport, e.g. `globalThis.fetch` so msw can intercept requests in tests. */
  fetch?: FetchFunction;
  /** Per-request timeout in milliseconds. Default 60,000. */
  timeoutMs?: number;
  /** Receives one redacted record per HTTP request (never bodies). Default: the `TOEX_LOG` logger. */
  logger?: Logger;
}

/** Checks {@link DeeplTranslatorSettings} at run time, so a misspelt option is an error, not ignored. */
export const deeplTranslatorSettingsSchema: z.ZodType<DeeplTranslatorSettings> = z.strictObject({
  apiKey: z.string().optional(),
  endpoint: z.string().optional(),
  formality: z.enum(['default', 'more', 'less', 'prefer_more', 'prefer_less']).optional(),
  modelType: z.enum(['quality_optimized', 'prefer_quality_optimized', 'latency_optimized']).optional(),
  preserveFormatting: z.boolean().optional(),
  fetch: functionSetting<FetchFunction>().optional(),
  timeoutMs: z.number().positive().optional(),
  logger: objectSetting<Logger>().optional(),
});
