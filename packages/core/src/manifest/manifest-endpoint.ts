import { ConfigurationError } from '../errors/configuration-error';

/**
 * The form of a provider URL recorded in a manifest: host (with port) and path, e.g.
 * `https://user:key@api.deepl.com/v2/translate?auth_key=…` → `api.deepl.com/v2/translate`. Credentials,
 * query and fragment are dropped, so no secret can reach the evidential record through it.
 */
export function manifestEndpoint(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new ConfigurationError({
      code: 'invalid_endpoint',
      message: 'The provider endpoint is not an absolute URL, so it cannot be recorded in the manifest.',
      cause: error,
    });
  }
  const path = parsed.pathname === '/' ? '' : parsed.pathname;
  return `${parsed.host}${path}`;
}
