import { REDACTED, redactSecrets } from './redact-secrets';
import { redactUrl } from './redact-url';

/**
 * Response and request headers whose values {@link redactHeaders} keeps: they describe the
 * exchange (type, size, throttling, request ids, metering) and never carry credentials.
 * Lower-case. Headers starting with `x-ratelimit-`, `ratelimit-` or `x-ms-ratelimit-` are kept too.
 */
export const SAFE_HEADER_NAMES: ReadonlySet<string> = new Set([
  'accept',
  'accept-encoding',
  'cache-control',
  'connection',
  'content-encoding',
  'content-language',
  'content-length',
  'content-location',
  'content-type',
  'date',
  'etag',
  'keep-alive',
  'last-modified',
  'location',
  'operation-location',
  'retry-after',
  'retry-after-ms',
  'x-ms-retry-after-ms',
  'server',
  'transfer-encoding',
  'user-agent',
  'vary',
  'request-id',
  'x-request-id',
  'x-requestid',
  'x-ms-request-id',
  'x-ms-client-request-id',
  'apim-request-id',
  'x-amzn-requestid',
  'x-amz-request-id',
  'x-amz-id-2',
  'x-goog-request-id',
  'dg-request-id',
  'x-metered-usage',
  'x-mt-system',
  'x-ms-region',
  'x-envoy-upstream-service-time',
  'strict-transport-security',
  'x-content-type-options',
]);

const safeHeaderPrefixes = ['x-ratelimit-', 'ratelimit-', 'x-ms-ratelimit-'];

// Headers whose value is a URL: kept, but their query strings may hold SAS tokens or signatures.
const urlValuedHeaderNames = new Set(['location', 'operation-location', 'content-location']);

/** Headers in any of the shapes toex accepts: a `Headers` object, a record, or name/value pairs. */
export type HeadersInput =
  | Headers
  | Readonly<Record<string, string | readonly string[] | number | undefined>>
  | Iterable<readonly [string, string]>;

function isSafeHeaderName(name: string): boolean {
  return SAFE_HEADER_NAMES.has(name) || safeHeaderPrefixes.some((prefix) => name.startsWith(prefix));
}

function entriesOf(headers: HeadersInput): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  if (typeof (headers as Headers).forEach === 'function' && typeof (headers as Headers).get === 'function') {
    (headers as Headers).forEach((value, name) => {
      entries.push([name, value]);
    });
    return entries;
  }
  if (Symbol.iterator in headers) {
    for (const [name, value] of headers as Iterable<readonly [string, string]>) entries.push([name, value]);
    return entries;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    entries.push([name, Array.isArray(value) ? value.join(', ') : String(value)]);
  }
  return entries;
}

/**
 * A copy of `headers` that is safe to log or store: names are lower-cased, values of
 * {@link SAFE_HEADER_NAMES} are kept (still passed through {@link redactSecrets}, and URL-valued
 * ones through `redactUrl`), and every other value becomes `[REDACTED]`. An allow-list rather
 * than a deny-list, so a vendor's new credential header is never leaked.
 */
export function redactHeaders(headers: HeadersInput): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [rawName, value] of entriesOf(headers)) {
    const name = rawName.toLowerCase();
    if (!isSafeHeaderName(name)) {
      result[name] = REDACTED;
    } else if (urlValuedHeaderNames.has(name)) {
      result[name] = redactUrl(value);
    } else {
      result[name] = redactSecrets(value);
    }
  }
  return result;
}
