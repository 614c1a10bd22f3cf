import { type FetchFunction, functionSetting, type Logger, objectSetting } from '@toex/core';
import { z } from 'zod';

/** Settings of {@link createOpenAiTranslator}. */
export interface OpenAiTranslatorSettings {
  /** The model, e.g. `gpt-4o-mini`, or a local server's model name. Required except for Azure OpenAI (the deployment names it). */
  model?: string;
  /**
   * Base URL of an OpenAI-compatible API, up to `/v1`. Default `https://api.openai.com/v1`. A local server on
   * this machine (`http://127.0.0.1:8080/v1`) needs no key.
   */
  baseUrl?: string;
  /** The key. Default: `OPENAI_API_KEY` (or `AZURE_OPENAI_API_KEY` with `azure`). */
  apiKey?: string;
  /**
   * Azure OpenAI: the resource endpoint (`https://<resource>.openai.azure.com`), the deployment and the
   * data-plane API version (default `2024-10-21`). The key goes in the `api-key` header.
   */
  azure?: { endpoint: string; deployment: string; apiVersion?: string };
  /** Most segments in one request. Default 40: fewer segments, fewer chances for a model to merge or skip one. */
  maxSegmentsPerRequest?: number;
  /** Most characters in one request. Default 6,000, well inside any current model's context. */
  maxCharactersPerRequest?: number;
  /** Replaces the HTTP transport, e.g. `globalThis.fetch` so msw can intercept requests in tests. */
  fetch?: FetchFunction;
  /** Per-request timeout in milliseconds. Default 120,000 (models answer slowly). */
  timeoutMs?: number;
  /** Receives one redacted record per HTTP request (never bodies). Default: the `TOEX_LOG` logger. */
  logger?: Logger;
}

/** Checks {@link OpenAiTranslatorSettings} at run time. */
export const openAiTranslatorSettingsSchema: z.ZodType<OpenAiTranslatorSettings> = z.strictObject({
  model: z.string().min(1).optional(),
  baseUrl: z.string().optional(),
  apiKey: z.string().optional(),
  azure: z
    .strictObject({
      endpoint: z.string(),
      deployment: z.string().min(1),
      apiVersion: z.string().min(1).optional(),
    })
    .optional(),
  maxSegmentsPerRequest: z.number().int().positive().optional(),
  maxCharactersPerRequest: z.number().int().positive().optional(),
  fetch: functionSetting<FetchFunction>().optional(),
  timeoutMs: z.number().positive().optional(),
  logger: objectSetting<Logger>().optional(),
});
