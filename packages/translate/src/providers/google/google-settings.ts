import { type FetchFunction, functionSetting, type Logger, objectSetting } from '@toex/core';
import { z } from 'zod';

/** Settings of {@link createGoogleTranslator} (Cloud Translation Basic, v2). Every one is optional. */
export interface GoogleTranslatorSettings {
  /**
   * The API key, sent in the `X-Goog-Api-Key` header (never in the URL, where it would reach logs).
   * Default: the `GOOGLE_TRANSLATE_API_KEY` environment variable, read when a request is made.
   */
  apiKey?: string;
  /**
   * Base URL. Default `https://translation.googleapis.com`. Must be `https://` (plain `http://` only to
   * this machine), without credentials or a query string; a trailing `/language/translate/v2` is dropped.
   */
  endpoint?: string;
  /** `nmt` (neural) or `base` (phrase-based, where still offered). Default: Google's default (nmt). */
  model?: 'nmt' | 'base';
  /** Replaces the HTTP transport, e.g. `globalThis.fetch` so msw can intercept requests in tests. */
  fetch?: FetchFunction;
  /** Per-request timeout in milliseconds. Default 60,000. */
  timeoutMs?: number;
  /** Receives one redacted record per HTTP request (never bodies). Default: the `TOEX_LOG` logger. */
  logger?: Logger;
}

/** Checks {@link GoogleTranslatorSettings} at run time, so a misspelt option is an error, not ignored. */
export const googleTranslatorSettingsSchema: z.ZodType<GoogleTranslatorSettings> = z.strictObject({
  apiKey: z.string().optional(),
  endpoint: z.string().optional(),
  model: z.enum(['nmt', 'base']).optional(),
  fetch: functionSetting<FetchFunction>().optional(),
  timeoutMs: z.number().positive().optional(),
  logger: objectSetting<Logger>().optional(),
});

/** Settings of {@link createGoogleAdvancedTranslator} (Cloud Translation Advanced, v3). */
export interface GoogleAdvancedTranslatorSettings {
  /**
   * The service-account key: the JSON text of the key file, or its parsed object. Default: the file named by
   * `GOOGLE_APPLICATION_CREDENTIALS`, read when the first token is needed. v3 does not accept API keys.
   */
  credentials?: string | Record<string, unknown>;
  /** The Google Cloud project id. Default: the key's `project_id`, then `GOOGLE_CLOUD_PROJECT`. */
  projectId?: string;
  /** Processing location, e.g. `global`, `us-central1`, `europe-west1`. Default `global`. Glossaries live in a regional location. */
  location?: string;
  /** Model path or short name (`general/nmt`, `general/translation-llm`). Default: Google's default NMT model. */
  model?: string;
  /**
   * A glossary already created on Google (`glossaries.create` from a Cloud Storage file), by id or full
   * resource name. Used only when the request has a source language. Toex glossaries are protected by the
   * pipeline instead when this is not given.
   */
  glossaryId?: string;
  /** Base URL. Default `https://translation.googleapis.com`. */
  endpoint?: string;
  /** Token endpoint. Default: the key's `token_uri`, else `https://oauth2.googleapis.com/token`. */
  tokenEndpoint?: string;
  /** Replaces the HTTP transport, e.g. `globalThis.fetch` so msw can intercept requests in tests. */
  fetch?: FetchFunction;
  /** Per-request timeout in milliseconds. Default 60,000. */
  timeoutMs?: number;
  /** Receives one redacted record per HTTP request (never bodies). Default: the `TOEX_LOG` logger. */
  logger?: Logger;
  /** Clock in epoch milliseconds, for token lifetimes. Default `Date.now`. */
  now?: () => number;
}

/** Checks {@link GoogleAdvancedTranslatorSettings} at run time. */
export const googleAdvancedTranslatorSettingsSchema: z.ZodType<GoogleAdvancedTranslatorSettings> =
  z.strictObject({
    credentials: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
    projectId: z.string().min(1).optional(),
    location: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'a location such as global or us-central1')
      .optional(),
    model: z.string().min(1).optional(),
    glossaryId: z.string().min(1).optional(),
    endpoint: z.string().optional(),
    tokenEndpoint: z.string().optional(),
    fetch: functionSetting<FetchFunction>().optional(),
    timeoutMs: z.number().positive().optional(),
    logger: objectSetting<Logger>().optional(),
    now: functionSetting<() => number>().optional(),
  });
