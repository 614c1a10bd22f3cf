import { ConfigurationError } from '../errors/configuration-error';
import { type Environment, processEnvironment } from '../secrets/environment';
import { createConsoleLogger, type LogStream } from './create-console-logger';
import { createRedactingLogger } from './create-redacting-logger';
import { isLogLevel, LOG_LEVELS, type Logger } from './logger';
import { silentLogger } from './silent-logger';

/** Inputs to {@link resolveLogger}; all optional. */
export interface ResolveLoggerOptions {
  /** A logger supplied by the caller. Wins over `TOEX_LOG`; it is wrapped so everything it receives is redacted. */
  logger?: Logger | undefined;
  /** Environment to read `TOEX_LOG` from. Defaults to `process.env`. */
  env?: Environment;
  /** Where the `TOEX_LOG` console logger writes. Defaults to `process.stderr`. */
  stream?: LogStream;
}

const silentValues = new Set(['', 'off', 'none', 'silent']);

/**
 * The logger toex components should use: the caller's `logger` (redacted) if given; otherwise a
 * console logger on stderr when `TOEX_LOG` is `debug`, `info`, `warn` or `error`; otherwise
 * silent (also for `TOEX_LOG=off`).
 *
 * @throws ConfigurationError `invalid_setting` when `TOEX_LOG` holds anything else, so a typo
 * does not silently switch diagnostics off.
 */
export function resolveLogger(options: ResolveLoggerOptions = {}): Logger {
  if (options.logger !== undefined) return createRedactingLogger(options.logger);
  const raw = (options.env ?? processEnvironment()).TOEX_LOG;
  const value = raw?.trim().toLowerCase() ?? '';
  if (silentValues.has(value)) return silentLogger;
  if (isLogLevel(value)) return createConsoleLogger(value, options.stream);
  throw new ConfigurationError({
    code: 'invalid_setting',
    setting: 'TOEX_LOG',
    message: `TOEX_LOG is set to "${raw}", which is not a log level. Use one of ${LOG_LEVELS.join(', ')} or off.`,
  });
}
