import { ConfigurationError } from '../errors/configuration-error';
import type { HeaderRecord } from './http-client';

const headerNamePattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Line breaks would split the header (request smuggling); NUL and characters above U+00FF are
// refused by fetch with a TypeError that quotes the value, which may be the API key.
const invalidHeaderValuePattern = /[\0\r\n\u0100-\uffff]/;

/**
 * Merges header records, later ones winning, with names lower-cased and `undefined` values left
 * out, then appends `userAgent` (after any caller-supplied `User-Agent`).
 *
 * @throws ConfigurationError `invalid_header` naming the header (never its value) when a name
 * or value cannot be sent.
 */
export function buildRequestHeaders(
  userAgent: string,
  ...records: ReadonlyArray<HeaderRecord | undefined>
): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const record of records) {
    if (record === undefined) continue;
    for (const [name, value] of Object.entries(record)) {
      if (value === undefined) continue;
      if (!headerNamePattern.test(name)) {
        throw new ConfigurationError({
          code: 'invalid_header',
          setting: 'headers',
          message: `"${name}" is not a valid HTTP header name. Use letters, digits and hyphens only.`,
        });
      }
      if (typeof value !== 'string' || invalidHeaderValuePattern.test(value)) {
        throw new ConfigurationError({
          code: 'invalid_header',
          setting: 'headers',
          message:
            `The value of the "${name}" header cannot be sent: it contains a line break or a character ` +
            'outside Latin-1. Check the key or setting it comes from (a copy-paste often adds a newline).',
        });
      }
      merged[name.toLowerCase()] = value.trim();
    }
  }
  const callerUserAgent = merged['user-agent'];
  merged['user-agent'] =
    callerUserAgent === undefined || callerUserAgent === '' ? userAgent : `${callerUserAgent} ${userAgent}`;
  return merged;
}
