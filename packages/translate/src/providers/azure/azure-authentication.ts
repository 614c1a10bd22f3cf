import {
  ConfigurationError,
  type HeaderRecord,
  loadSecret,
  loadSetting,
  redactSecrets,
  registerSecret,
  ToexError,
} from '@toex/core';
import type { AzureEndpoint } from './azure-endpoint';
import type { AzureTranslatorSettings } from './azure-settings';

/** Returns the authentication headers of one request; called per request so keys load lazily. */
export type AzureHeadersSource = () => Promise<HeaderRecord>;

/**
 * Chooses how requests authenticate and returns the per-request headers function
 * (https://learn.microsoft.com/azure/ai-services/translator/text-translation/reference/authentication):
 * - key: `Ocp-Apim-Subscription-Key` (+ `Ocp-Apim-Subscription-Region` when a region is set);
 * - Microsoft Entra ID: `Authorization: Bearer <token>` + `Ocp-Apim-ResourceId` (not on a custom endpoint,
 *   which identifies the resource itself) + `Ocp-Apim-Subscription-Region`.
 *
 * The key is read when a request is made, so a translator can be created before the key is available.
 *
 * @throws ConfigurationError at once when both `bearerToken` and `getBearerToken` are given, or when a
 * bearer token is used on the global or a geography endpoint without a resource id.
 */
export function createAzureHeaders(
  settings: AzureTranslatorSettings,
  endpoint: AzureEndpoint,
  region: string | undefined,
): AzureHeadersSource {
  if (settings.bearerToken !== undefined && settings.getBearerToken !== undefined) {
    throw new ConfigurationError({
      code: 'conflicting_options',
      setting: 'bearerToken',
      message: 'Give either bearerToken or getBearerToken for Azure Translator, not both.',
    });
  }
  const fixedToken = settings.bearerToken;
  const tokenSource = settings.getBearerToken ?? (fixedToken === undefined ? undefined : () => fixedToken);
  if (tokenSource === undefined) {
    return async () => ({
      'ocp-apim-subscription-key': loadSecret({
        value: settings.apiKey,
        environmentVariable: 'AZURE_TRANSLATOR_KEY',
        description: 'The Azure Translator key',
      }),
      'ocp-apim-subscription-region': region,
    });
  }
  const resourceId = loadSetting({
    value: settings.resourceId,
    environmentVariable: 'AZURE_TRANSLATOR_RESOURCE_ID',
  });
  const needsResourceId = endpoint.kind === 'global' || endpoint.kind === 'geography';
  if (needsResourceId && resourceId === undefined) {
    throw new ConfigurationError({
      code: 'missing_setting',
      setting: 'resourceId',
      message:
        'Azure Translator with a Microsoft Entra ID token on the global or a geography endpoint needs the resource id. ' +
        "Pass it with the 'resourceId' option or set the AZURE_TRANSLATOR_RESOURCE_ID environment variable " +
        '(/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<name>/), ' +
        "or use the resource's custom endpoint.",
    });
  }
  return async () => ({
    authorization: `Bearer ${await obtainToken(tokenSource)}`,
    'ocp-apim-resourceid': endpoint.kind === 'custom' ? undefined : resourceId,
    'ocp-apim-subscription-region': region,
  });
}

async function obtainToken(source: () => string | Promise<string>): Promise<string> {
  let token: unknown;
  try {
    token = await source();
  } catch (error) {
    if (ToexError.isInstance(error)) throw error;
    const detail = error instanceof Error ? `: ${redactSecrets(error.message)}` : '';
    throw new ConfigurationError({
      code: 'bearer_token_unavailable',
      setting: 'getBearerToken',
      message: `Could not get a Microsoft Entra ID token for Azure Translator${detail}.`,
      cause: error,
    });
  }
  // Callers sometimes hand over the whole header value; the scheme is added here.
  const value = typeof token === 'string' ? token.trim().replace(/^bearer\s+/i, '') : '';
  if (value === '') {
    throw new ConfigurationError({
      code: 'missing_secret',
      setting: 'bearerToken',
      message: 'The Microsoft Entra ID token for Azure Translator is empty or not a string.',
    });
  }
  // Registered so that the token, like a key, never reaches logs or errors.
  registerSecret(value);
  return value;
}
