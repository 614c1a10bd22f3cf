import { REDACTED, redactSecrets } from './redact-secrets';

/**
 * Query parameters whose values are kept by {@link redactUrl}: protocol switches and language
 * pairs that help diagnose a failure and never carry credentials or evidence text.
 * Compared case-insensitively. Anything else (`key`, `q`, `text`, signatures…) is redacted.
 */
export const SAFE_QUERY_PARAMETER_NAMES: ReadonlySet<string> = new Set([
  'api-version',
  'to',
  'from',
  'texttype',
  'langpair',
  'category',
  'profanityaction',
  'profanitymarker',
  'includealignment',
  'includesentencelength',
  'suggestedfrom',
  'fromscript',
  'toscript',
  'allowfallback',
  'source',
  'target',
  'source_lang',
  'target_lang',
  'format',
  'model',
  'model-version',
  'modelversion',
  'language',
  'locale',
  'diarize',
  'punctuate',
  'smart_format',
  'stringindextype',
  'showstats',
  'loggingoptout',
]);

function redactQuery(query: string): string {
  if (query === '') return '';
  const pairs = query.split('&').map((pair) => {
    const separator = pair.indexOf('=');
    // A bare value without a name could itself be a token.
    if (separator === -1) return pair === '' ? pair : REDACTED;
    const rawName = pair.slice(0, separator);
    let name = rawName;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      // Malformed escapes: compare the raw name, which then fails the allow-list and is redacted.
    }
    return SAFE_QUERY_PARAMETER_NAMES.has(name.toLowerCase()) ? pair : `${rawName}=${REDACTED}`;
  });
  return `?${pairs.join('&')}`;
}

/**
 * A URL that is safe to log or store: user name and password, every query value not in
 * {@link SAFE_QUERY_PARAMETER_NAMES} and any fragment are replaced with `[REDACTED]`, and
 * what remains goes through `redactSecrets`. The original encoding of kept values is preserved.
 * Text that does not parse as a URL is still redacted on a best-effort basis.
 */
export function redactUrl(url: string | URL): string {
  const text = typeof url === 'string' ? url : url.href;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    const queryStart = text.indexOf('?');
    const withoutQuery = queryStart === -1 ? text : text.slice(0, queryStart);
    const query = queryStart === -1 ? '' : (text.slice(queryStart + 1).split('#')[0] ?? '');
    return redactSecrets(withoutQuery + redactQuery(query));
  }
  const credentials = parsed.username !== '' || parsed.password !== '' ? `${REDACTED}@` : '';
  const origin = `${parsed.protocol}//${credentials}${parsed.host}`;
  const query = redactQuery(parsed.search.slice(1));
  const fragment = parsed.hash === '' ? '' : `#${REDACTED}`;
  // Kept values still go through the secret patterns, in case a secret sits under a safe name.
  return redactSecrets(`${origin}${parsed.pathname}${query}${fragment}`);
}
