import { REDACTED, redactSecrets } from '@toex/core';

// Connection parameters that never carry a secret and help diagnose a failure.
const safeParameters: ReadonlySet<string> = new Set([
  'sslmode',
  'application_name',
  'connect_timeout',
  'options',
  'host',
  'port',
  'search_path',
]);

/**
 * A PostgreSQL connection URL that is safe to log, show in an error or write to a manifest: the
 * password is replaced with `[REDACTED]` (the user name, host, port and database are kept, because
 * they say which database was meant), as is every query parameter other than harmless ones such as
 * `sslmode`; what remains goes through core's `redactSecrets`. Text that is not a URL is redacted on a
 * best-effort basis.
 *
 * @example
 * redactDatabaseUrl('postgres://ledger:s3cret@db.internal:5432/toex?sslmode=require');
 * // 'postgres://ledger:[REDACTED]@db.internal:5432/toex?sslmode=require'
 */
export function redactDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // `user:password@` without a parsable URL around it.
    return redactSecrets(url.replace(/(\/\/[^/:@\s]*:)[^@\s]*@/, `$1${REDACTED}@`));
  }
  const user = parsed.username;
  const credentials =
    user === '' && parsed.password === '' ? '' : `${user}${parsed.password === '' ? '' : `:${REDACTED}`}@`;
  const query = [...parsed.searchParams.keys()].length === 0 ? '' : redactQuery(parsed.search.slice(1));
  const fragment = parsed.hash === '' ? '' : `#${REDACTED}`;
  return redactSecrets(
    `${parsed.protocol}//${credentials}${parsed.host}${parsed.pathname}${query}${fragment}`,
  );
}

function redactQuery(query: string): string {
  const pairs = query.split('&').map((pair) => {
    const separator = pair.indexOf('=');
    if (separator === -1) return pair === '' ? pair : REDACTED;
    const name = pair.slice(0, separator);
    return safeParameters.has(name.toLowerCase()) ? pair : `${name}=${REDACTED}`;
  });
  return `?${pairs.join('&')}`;
}

/** True when `spec` names a PostgreSQL database (`postgres://` or `postgresql://`) rather than a file. */
export function isDatabaseUrl(spec: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(spec);
}
