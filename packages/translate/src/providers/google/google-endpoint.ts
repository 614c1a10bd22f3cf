import { assertSecureEndpoint, ConfigurationError, redactUrl } from '@toex/core';
import type { TranslationRequest } from '../../spec';

/** Google Cloud Translation's public host (v2 and v3). */
export const GOOGLE_TRANSLATE_ENDPOINT = 'https://translation.googleapis.com';

/**
 * The base URL of a configured endpoint, checked: https (or loopback http), no credentials, query or
 * fragment (a key there would reach logs and manifests), and `strip` (a path suffix users often paste) dropped.
 */
export function normaliseGoogleEndpoint(configured: string, strip: RegExp): string {
  const url = assertSecureEndpoint(configured);
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new ConfigurationError({
      code: 'invalid_endpoint',
      setting: 'endpoint',
      message:
        `The Google endpoint ${redactUrl(url)} must not carry credentials, a query string or a fragment. Give only ` +
        'the base URL, e.g. https://translation.googleapis.com, and pass the key with its option or environment variable.',
    });
  }
  const path = url.pathname.replace(/\/+$/, '').replace(strip, '');
  return `${url.origin}${path}`;
}

/** The one target of a request; Google translates into one language per request. */
export function singleTarget(request: TranslationRequest, provider: string): string {
  const [target, ...others] = request.to;
  if (target === undefined || target.trim() === '' || others.length > 0) {
    throw new ConfigurationError({
      code: 'unsupported_option',
      setting: 'to',
      message:
        `${provider} translates into one language per request; got ${request.to.length} target languages ` +
        `(${request.to.join(', ')}). Send one request per target (the toex pipeline does this for providers ` +
        'whose capabilities say multipleTargets: false).',
    });
  }
  return target;
}
