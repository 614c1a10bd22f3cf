import { assertSecureEndpoint, ConfigurationError, redactUrl } from '@toex/core';

/** The global Translator endpoint: requests are processed in the closest available data centre. */
export const AZURE_TRANSLATOR_GLOBAL_ENDPOINT = 'https://api.cognitive.microsofttranslator.com';

/** Path of Text Translation v3.0 under a resource's custom endpoint (`<name>.cognitiveservices.azure.com`). */
const CUSTOM_ENDPOINT_PATH = '/translator/text/v3.0';

/** What kind of Translator endpoint a URL is, which decides the path layout and the Entra ID headers. */
export type AzureEndpointKind = 'global' | 'geography' | 'custom' | 'other';

/** A resolved Translator endpoint. */
export interface AzureEndpoint {
  /** Base URL without a trailing slash; `/translate` is appended to it. Never carries credentials. */
  baseUrl: string;
  kind: AzureEndpointKind;
  /** `eur`, `nam` or `apc` for the geography endpoints, `global` for the global one; absent otherwise. */
  geography?: string;
}

// https://learn.microsoft.com/azure/ai-services/translator/text-translation/reference/v3/reference#base-urls
const geographyHost = /^api-(eur|nam|apc)\.cognitive\.microsofttranslator\.com$/;
const customHost = /\.cognitiveservices\.azure\.com$/;

/**
 * Resolves the configured endpoint: checks it is `https://` (or loopback `http://`), has no credentials or
 * query string, and normalises the custom-endpoint path layout (`https://<name>.cognitiveservices.azure.com`
 * becomes `…/translator/text/v3.0`). A trailing `/translate` is dropped, since it is the method, not the base.
 *
 * @throws ConfigurationError `invalid_endpoint` or `insecure_endpoint` naming the `endpoint` setting.
 */
export function resolveAzureEndpoint(configured: string | undefined): AzureEndpoint {
  const url = assertSecureEndpoint(configured ?? AZURE_TRANSLATOR_GLOBAL_ENDPOINT);
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    // A key in the URL would reach logs and manifests; the key belongs in AZURE_TRANSLATOR_KEY.
    throw new ConfigurationError({
      code: 'invalid_endpoint',
      setting: 'endpoint',
      message:
        `The Azure Translator endpoint ${redactUrl(url)} must not carry credentials, a query string or a fragment. ` +
        'Give only the base URL, e.g. https://api-eur.cognitive.microsofttranslator.com, and pass the key with apiKey or AZURE_TRANSLATOR_KEY.',
    });
  }
  let path = url.pathname.replace(/\/+$/, '').replace(/\/translate$/i, '');
  const host = url.hostname.toLowerCase();
  let kind: AzureEndpointKind = 'other';
  let geography: string | undefined;
  if (host === 'api.cognitive.microsofttranslator.com') {
    kind = 'global';
    geography = 'global';
  } else if (geographyHost.test(host)) {
    kind = 'geography';
    geography = geographyHost.exec(host)?.[1];
  } else if (customHost.test(host)) {
    kind = 'custom';
    // The portal shows the custom endpoint without the Text Translation path; the API needs it.
    if (path === '') path = CUSTOM_ENDPOINT_PATH;
  }
  return { baseUrl: `${url.origin}${path}`, kind, ...(geography === undefined ? {} : { geography }) };
}
