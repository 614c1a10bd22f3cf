import {
  assertSecureEndpoint,
  ConfigurationError,
  createHttpClient,
  loadSecret,
  loadSetting,
  toexUserAgent,
} from '@toex/core';
import { VERSION } from '../../version';
import type { AzureSpeechSettings } from './azure-speech-settings';

/** Current GA version of the Speech to text REST API (v3.x is retired in 2026). */
export const AZURE_SPEECH_API_VERSION = '2024-11-15';

/** The endpoint, region and an authenticated HTTP client for a Speech resource. */
export function azureSpeechConnection(settings: AzureSpeechSettings) {
  const env = settings.env ?? process.env;
  const region = loadSetting({ value: settings.region, environmentVariable: 'AZURE_SPEECH_REGION', env });
  const configured = loadSetting({
    value: settings.endpoint,
    environmentVariable: 'AZURE_SPEECH_ENDPOINT',
    env,
  });
  if (configured === undefined && region === undefined) {
    throw new ConfigurationError({
      code: 'missing_endpoint',
      setting: 'AZURE_SPEECH_REGION',
      message:
        'Azure AI Speech needs a region or an endpoint: set AZURE_SPEECH_REGION (e.g. uksouth) or AZURE_SPEECH_ENDPOINT, or pass --endpoint.',
    });
  }
  const endpoint = (configured ?? `https://${region}.api.cognitive.microsoft.com`).replace(/\/+$/, '');
  assertSecureEndpoint(endpoint);
  const http = createHttpClient({
    userAgent: toexUserAgent('@toex/transcribe', VERSION),
    fetch: settings.fetch,
    timeoutMs: settings.timeoutMs ?? 300_000,
    logger: settings.logger,
    headers: () => ({
      'ocp-apim-subscription-key': loadSecret({
        value: settings.apiKey,
        environmentVariable: 'AZURE_SPEECH_KEY',
        description: 'The Azure AI Speech key',
        env,
      }),
    }),
  });
  return {
    endpoint,
    region,
    http,
    apiVersion: settings.apiVersion ?? AZURE_SPEECH_API_VERSION,
    profanityFilterMode: settings.profanityFilterMode ?? 'None',
  };
}

/** `en-GB` as Azure wants it; a bare `en` becomes `en-US`, Azure's locales being regional. */
export function azureLocale(language: string | undefined): string | undefined {
  if (language === undefined) return undefined;
  if (language.includes('-')) return language;
  const defaults: Record<string, string> = {
    en: 'en-US',
    es: 'es-ES',
    fr: 'fr-FR',
    de: 'de-DE',
    pt: 'pt-PT',
    ar: 'ar-SA',
    zh: 'zh-CN',
    ro: 'ro-RO',
    pl: 'pl-PL',
  };
  return defaults[language.toLowerCase()] ?? language;
}
