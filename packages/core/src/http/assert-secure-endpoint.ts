import { ConfigurationError } from '../errors/configuration-error';
import { redactUrl } from '../secrets/redact-url';

/** True for hosts that never leave the machine: `localhost`, `127.0.0.0/8` and `::1`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1') return true;
  // WHATWG URL parsing already normalises shorthand such as `127.1` to dotted-quad form.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Parses `url` and refuses endpoints that would send keys or evidence in clear text.
 *
 * @throws ConfigurationError `invalid_endpoint` when `url` is not an absolute http(s) URL.
 * @throws ConfigurationError `insecure_endpoint` for plain `http://` to a non-loopback host
 * unless `allowInsecureHttp` is true.
 */
export function assertSecureEndpoint(url: string | URL, options: { allowInsecureHttp?: boolean } = {}): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new ConfigurationError({
      code: 'invalid_endpoint',
      message: `"${redactUrl(String(url))}" is not an absolute URL. Give the endpoint as https://host/path.`,
      cause: error,
    });
  }
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol !== 'http:') {
    throw new ConfigurationError({
      code: 'invalid_endpoint',
      message: `${redactUrl(parsed)} uses ${parsed.protocol}, which toex cannot call. Use an https:// endpoint.`,
    });
  }
  if (options.allowInsecureHttp === true || isLoopbackHost(parsed.hostname)) return parsed;
  throw new ConfigurationError({
    code: 'insecure_endpoint',
    message:
      `Refusing to call ${redactUrl(parsed)} over plain HTTP: the API key and the case material would cross ` +
      'the network unencrypted. Use https://, or set allowInsecureHttp: true for a trusted, isolated network ' +
      '(plain HTTP to localhost/127.0.0.1 is always allowed).',
  });
}
