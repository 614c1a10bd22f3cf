import { redactUrl } from '@toex/core';

/**
 * A Redis URL that is safe to log, store or show: the user name and password (`redis://user:pw@host`),
 * and any query values, are replaced with `[REDACTED]`. Host, port and database stay, so an operator can
 * still tell which server was meant.
 */
export function redactRedisUrl(url: string): string {
  return redactUrl(url);
}
