import { type FetchFunction, functionSetting, type Logger, objectSetting } from '@toex/core';
import { z } from 'zod';

/** Settings of {@link createLibreTranslateTranslator}. Every one is optional. */
export interface LibreTranslateTranslatorSettings {
  /**
   * Base URL of the server. Default: the `LIBRETRANSLATE_URL` environment variable, else
   * `http://127.0.0.1:5000` (LibreTranslate's default). `https://` for another machine.
   */
  baseUrl?: string;
  /** API key, when the server runs with `--api-keys`. Default: the `LIBRETRANSLATE_API_KEY` environment variable, if set. */
  apiKey?: string;
  /** Most texts in one request; match the server's `--batch-limit`. Default 32. */
  batchLimit?: number;
  /** Longest text, in characters; match the server's `--char-limit` (applied per text). Default 5,000. */
  charLimit?: number;
  /** Requests in flight at once: translation is CPU-bound on the server. Default 2. */
  maxConcurrentRequests?: number;
  /** Replaces the HTTP transport, e.g. `globalThis.fetch` so msw can intercept requests in tests. */
  fetch?: FetchFunction;
  /** Per-request timeout in milliseconds. Default 120,000 (a CPU server translating a full batch is slow). */
  timeoutMs?: number;
  /** Receives one redacted record per HTTP request (never bodies). Default: the `TOEX_LOG` logger. */
  logger?: Logger;
}

/** Checks {@link LibreTranslateTranslatorSettings} at run time. */
export const libreTranslateTranslatorSettingsSchema: z.ZodType<LibreTranslateTranslatorSettings> =
  z.strictObject({
    baseUrl: z.string().optional(),
    apiKey: z.string().optional(),
    batchLimit: z.number().int().positive().optional(),
    charLimit: z.number().int().positive().optional(),
    maxConcurrentRequests: z.number().int().positive().optional(),
    fetch: functionSetting<FetchFunction>().optional(),
    timeoutMs: z.number().positive().optional(),
    logger: objectSetting<Logger>().optional(),
  });
