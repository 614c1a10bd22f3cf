import { type FetchFunction, functionSetting, type Logger, objectSetting } from '@toex/core';
import { z } from 'zod';

/**
 * Settings of {@link createAzureLanguageRecognizer}. The key and endpoint fall back to the
 * `AZURE_LANGUAGE_KEY` and `AZURE_LANGUAGE_ENDPOINT` environment variables.
 */
export interface AzureLanguageRecognizerSettings {
  /** The Language resource key (`Ocp-Apim-Subscription-Key`). Default: `AZURE_LANGUAGE_KEY`, read per request. */
  apiKey?: string;
  /**
   * The resource endpoint, `https://<name>.cognitiveservices.azure.com`. Default: `AZURE_LANGUAGE_ENDPOINT`.
   * Must be `https://` (plain `http://` only to this machine), without credentials or a query string.
   */
  endpoint?: string;
  /** `ner` (EntityRecognition, default) or `pii` (PiiEntityRecognition: adds phones, NINOs, NHS numbers …). */
  task?: 'ner' | 'pii';
  /** `api-version` sent. Default `2024-11-01` (GA); both response shapes are read whatever the version. */
  apiVersion?: string;
  /** `parameters.modelVersion`. Default `latest`. */
  modelVersion?: string;
  /** Replaces the HTTP transport, e.g. `globalThis.fetch` so msw can intercept requests in tests. */
  fetch?: FetchFunction;
  /** Per-request timeout in milliseconds. Default 60,000. */
  timeoutMs?: number;
  /** Receives one redacted record per HTTP request (never bodies). Default: the `TOEX_LOG` logger. */
  logger?: Logger;
  /** Retries of a throttled (429) or failed (5xx) request, honouring Retry-After. Default 3. */
  maxRetries?: number;
}

/** Checks {@link AzureLanguageRecognizerSettings} at run time, so a misspelt option is an error. */
export const azureLanguageRecognizerSettingsSchema: z.ZodType<AzureLanguageRecognizerSettings> =
  z.strictObject({
    apiKey: z.string().optional(),
    endpoint: z.string().optional(),
    task: z.enum(['ner', 'pii']).optional(),
    apiVersion: z.string().min(1).optional(),
    modelVersion: z.string().min(1).optional(),
    fetch: functionSetting<FetchFunction>().optional(),
    timeoutMs: z.number().positive().optional(),
    logger: objectSetting<Logger>().optional(),
    maxRetries: z.number().int().min(0).optional(),
  });
