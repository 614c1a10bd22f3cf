import { redactSecrets, redactUrl } from '@toex/core';

// Arguments that need no quotes in a POSIX shell.
const plainArgument = /^[\w@%+=:,./-]+$/;

/**
 * The command line as a manifest records it, so a reviewer can run the job again: `toex` and its
 * arguments, shell-quoted, with credentials in URLs and every registered secret replaced by `[REDACTED]`.
 * Keys come from the environment, never the command line, but a URL with a password or a `key=` query
 * can still be typed; it must not reach the evidential record.
 */
export function recordedCommandLine(argv: readonly string[]): string {
  return ['toex', ...argv]
    .map((argument) => {
      const safe = /^[a-z][a-z0-9+.-]*:\/\//i.test(argument) ? redactUrl(argument) : redactSecrets(argument);
      return plainArgument.test(safe) ? safe : `'${safe.replaceAll("'", "'\\''")}'`;
    })
    .join(' ');
}
