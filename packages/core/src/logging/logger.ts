/** Severity of a log record, from most to least verbose. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Every {@link LogLevel}, from most to least verbose. */
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Structured context for a log record, e.g. `{ method: 'POST', statusCode: 429, durationMs: 812 }`. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * Where toex writes diagnostics. Plug in pino, winston or the console; loggers passed to toex
 * are wrapped so every message and field is redacted before it reaches yours. toex never logs
 * request or response bodies.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** True when `value` is one of the {@link LOG_LEVELS}. */
export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}
