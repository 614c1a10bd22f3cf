import { redactDeep } from '../secrets/redact-deep';
import { redactSecrets } from '../secrets/redact-secrets';
import type { LogFields, Logger, LogLevel } from './logger';

const marker = Symbol.for('toex.logger.redacting');

/**
 * Wraps `logger` so every message and every field passes through the redactor (`redactSecrets`,
 * `redactDeep`) before it is forwarded. Wrapping an already wrapped logger returns it unchanged.
 */
export function createRedactingLogger(logger: Logger): Logger {
  if ((logger as unknown as Record<symbol, unknown>)[marker] === true) return logger;
  const forward =
    (level: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      const redactedMessage = redactSecrets(message);
      if (fields === undefined) logger[level](redactedMessage);
      else logger[level](redactedMessage, redactDeep(fields));
    };
  return Object.freeze({
    [marker]: true,
    debug: forward('debug'),
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
  });
}
