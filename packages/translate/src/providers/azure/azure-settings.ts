import { type FetchFunction, functionSetting, type Logger, objectSetting } from '@toex/core';
import { z } from 'zod';

/**
 * Settings of {@link createAzureTranslator}. Every one is optional: the key, region and endpoint fall back
 * to environment variables, read when the first request is made (the key) or when the translator is
 * created (region, endpoint, resource id).
 */
export interface AzureTranslatorSettings {
  /**
   * The Translator resource key (`Ocp-Apim-Subscription-Key`). Default: the `AZURE_TRANSLATOR_KEY`
   * environment variable. Ignored when a bearer token is configured.
   */
  apiKey?: string;
  /**
   * The Azure region of the Translator resource, e.g. `uksouth` (`Ocp-Apim-Subscription-Region`). Required
   * for regional and multi-service resources, optional for a global resource. Default: the
   * `AZURE_TRANSLATOR_REGION` environment variable.
   */
  region?: string;
  /**
   * Where requests go. Default: the `AZURE_TRANSLATOR_ENDPOINT` environment variable, else the global
   * endpoint `https://api.cognitive.microsofttranslator.com` (processed in the closest data centre, which
   * may be outside your geography). Pin the geography with `https://api-eur.cognitive.microsofttranslator.com`
   * (France Central / West Europe), `api-nam` or `api-apc`, or use the resource's custom endpoint
   * `https://<name>.cognitiveservices.azure.com` (the `/translator/text/v3.0` path is added when absent).
   * Must be `https://` (plain `http://` only to this machine), without credentials or a query string.
   */
  endpoint?: string;
  /**
   * A Microsoft Entra ID access token, sent as `Authorization: Bearer …` instead of the key. Tokens
   * expire (about an hour for Entra ID); prefer {@link AzureTranslatorSettings.getBearerToken} for jobs.
   */
  bearerToken?: string;
  /**
   * Returns a current Microsoft Entra ID access token; called once per request, so it must cache (as
   * `@azure/identity` credentials do). Example:
   * `() => credential.getToken('https://cognitiveservices.azure.com/.default').then((t) => t.token)`.
   */
  getBearerToken?: () => string | Promise<string>;
  /**
   * The Translator resource id (`Ocp-Apim-ResourceId`), needed with a bearer token on the global and
   * geography endpoints: `/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<name>/`.
   * Default: the `AZURE_TRANSLATOR_RESOURCE_ID` environment variable. Not needed on a custom endpoint.
   */
  resourceId?: string;
  /**
   * Custom Translator category id, sent as `category`. Default `general` (the standard model). A custom
   * category is billed at the custom-translation price (catalogue sku `S1-custom`).
   */
  category?: string;
  /**
   * Price catalogue sku this resource is billed under: `S1` (default), `S1-custom` (default when a custom
   * `category` is set) or `F0` (free tier). Only affects costing.
   */
  sku?: 'S1' | 'S1-custom' | 'F0' | (string & {});
  /**
   * Text Translation API version: `3.0` (default) or `2026-06-06` (the `{"inputs":[…]}` body, billing from
   * `sourceCharactersCharged`). 2026-06-06 has no Detect operation and no dynamic dictionary: glossary terms
   * are protected by the toex pipeline, and toex's own detection is used wherever Detect would have been.
   */
  apiVersion?: '3.0' | '2026-06-06';
  /** Replaces the HTTP transport, e.g. `globalThis.fetch` so msw can intercept requests in tests. */
  fetch?: FetchFunction;
  /**
   * Per-request timeout in milliseconds. Default 60,000: Azure answers within 15 s with standard models,
   * 120 s with custom ones (raise it for custom categories).
   */
  timeoutMs?: number;
  /** Receives one redacted record per HTTP request (never bodies). Default: the `TOEX_LOG` logger. */
  logger?: Logger;
}

/** Checks {@link AzureTranslatorSettings} at run time, so a misspelt option is an error, not ignored. */
export const azureTranslatorSettingsSchema: z.ZodType<AzureTranslatorSettings> = z.strictObject({
  apiKey: z.string().optional(),
  region: z.string().optional(),
  endpoint: z.string().optional(),
  bearerToken: z.string().optional(),
  getBearerToken: functionSetting<() => string | Promise<string>>().optional(),
  resourceId: z.string().optional(),
  category: z.string().optional(),
  sku: z.string().optional(),
  apiVersion: z.enum(['3.0', '2026-06-06']).optional(),
  fetch: functionSetting<FetchFunction>().optional(),
  timeoutMs: z.number().positive().optional(),
  logger: objectSetting<Logger>().optional(),
});
