import { type FetchFunction, functionSetting, type Logger, objectSetting } from '@toex/core';
import { z } from 'zod';

/** Settings of {@link createApertiumTranslator}. Every one is optional. */
export interface ApertiumTranslatorSettings {
  /**
   * Base URL of the APY server. Default: the `APERTIUM_URL` environment variable, else
   * `http://127.0.0.1:2737` (APY's default port). Start one with `node scripts/apertium/apy-server.mjs start`.
   */
  baseUrl?: string;
  /** Replaces the HTTP transport, e.g. `globalThis.fetch` for msw, or a wrapper that adds a proxy. */
  fetch?: FetchFunction;
  /**
   * The APY version, recorded as the provider's `apiVersion` in manifests. APY's HTTP API does not
   * report it; `startApy()` reads it from the installed package. Default `apy`.
   */
  apyVersion?: string;
  /**
   * Keep Apertium's `*` before words it does not know (`*xyzzyq`), which shows a reader what was left
   * untranslated. Default false: unknown words pass through unmarked.
   */
  markUnknownWords?: boolean;
  /**
   * Largest `q` sent in one HTTP request, in UTF-8 bytes, after markup and escaping. Default 4,096 (APY's
   * PIPE_BUF chunk size): such a request is translated in one piece, exactly as its texts would be one by
   * one. APY silently drops everything after 10 chunks, so never set it above 5,000.
   */
  maxRequestBytes?: number;
  /** Per-request timeout in milliseconds. Default 30,000 (APY gives up after 10 s itself). */
  timeoutMs?: number;
  /** Allows plain `http://` to an APY that is not on this machine. Off by default. */
  allowInsecureHttp?: boolean;
  /** Receives one record per HTTP request (never bodies). Default: the `TOEX_LOG` logger. */
  logger?: Logger;
}

/** Checks {@link ApertiumTranslatorSettings} at run time, so a misspelt option is an error, not ignored. */
export const apertiumTranslatorSettingsSchema: z.ZodType<ApertiumTranslatorSettings> = z.strictObject({
  baseUrl: z.string().optional(),
  fetch: functionSetting<FetchFunction>().optional(),
  apyVersion: z.string().optional(),
  markUnknownWords: z.boolean().optional(),
  maxRequestBytes: z.number().optional(),
  timeoutMs: z.number().positive().optional(),
  allowInsecureHttp: z.boolean().optional(),
  logger: objectSetting<Logger>().optional(),
});
