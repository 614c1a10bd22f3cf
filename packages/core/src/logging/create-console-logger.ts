import { redactDeep } from '../secrets/redact-deep';
import { redactSecrets } from '../secrets/redact-secrets';
import { LOG_LEVELS, type LogFields, type Logger, type LogLevel } from './logger';

/** Anything with a `write(text)` method, such as `process.stderr` or a file stream. */
export interface LogStream {
  write(text: string): unknown;
}

// Errors serialise to `{}` by default, which would hide the one thing worth logging.
function replaceErrors(_name: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const code = (value as { code?: unknown }).code;
  return { name: value.name, message: redactSecrets(value.message), ...(code === undefined ? {} : { code }) };
}

function serialiseFields(fields: LogFields): string {
  try {
    return JSON.stringify(redactDeep(fields), replaceErrors);
  } catch {
    // Cycles or BigInt: a log line must never throw into the caller's request path.
    return '{"fields":"[unserialisable]"}';
  }
}

/**
 * A logger that writes one line per record at or above `level` to `stream` (default
 * `process.stderr`): `2026-11-20T10:00:00.000Z toex warn <message> {"field":…}`. Messages and
 * fields are redacted first.
 */
export function createConsoleLogger(level: LogLevel, stream?: LogStream): Logger {
  const target: LogStream = stream ?? process.stderr;
  const threshold = LOG_LEVELS.indexOf(level);
  const write =
    (recordLevel: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      if (LOG_LEVELS.indexOf(recordLevel) < threshold) return;
      const suffix =
        fields === undefined || Object.keys(fields).length === 0 ? '' : ` ${serialiseFields(fields)}`;
      target.write(`${new Date().toISOString()} toex ${recordLevel} ${redactSecrets(message)}${suffix}\n`);
    };
  return Object.freeze({
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  });
}
