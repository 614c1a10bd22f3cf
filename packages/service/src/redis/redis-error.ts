import { hasMarker, redactSecrets, ToexError } from '@toex/core';

const marker = 'toex.error.redis';
const symbol = Symbol.for(marker);

/**
 * Redis could not do what was asked: it is unreachable or restarting (`redis_unavailable`, retryable),
 * refused the credentials (`redis_auth_failed`), or rejected a command (`redis_command_failed`). The
 * message names the operation and the server (its URL with any user name and password redacted), and
 * never holds a password: the ioredis error is kept as `cause` with its message redacted too.
 */
export class RedisError extends ToexError {
  private readonly [symbol] = true;
  /** The operation that failed, e.g. `rate limiter acquire` or `content store getMany`. */
  readonly operation: string;
  /** The server, redacted (`redis://[REDACTED]@host:6379/0`); absent when not known. */
  readonly server: string | undefined;

  constructor(options: {
    code: string;
    message: string;
    operation: string;
    server?: string;
    retryable?: boolean;
    cause?: unknown;
  }) {
    super({
      code: options.code,
      message: options.message,
      retryable: options.retryable ?? false,
      cause: options.cause,
    });
    this.name = 'RedisError';
    this.operation = options.operation;
    this.server = options.server;
  }

  static override isInstance(error: unknown): error is RedisError {
    return hasMarker(error, marker);
  }
}

// ioredis and Node network errors that mean "try again later": the server is down, restarting or loading.
const unavailablePattern =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|Connection is closed|Stream isn't writeable|max retries per request|LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY/i;
const authPattern = /NOAUTH|WRONGPASS|invalid password|invalid username-password/i;

/**
 * Wraps any error from a Redis call into a {@link RedisError}: classified (`redis_unavailable` is
 * retryable), with a message that says what failed, where and what to do, and secrets redacted.
 */
export function toRedisError(error: unknown, operation: string, server: string | undefined): RedisError {
  if (RedisError.isInstance(error)) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const reason = redactSecrets(raw);
  if (error instanceof Error && reason !== raw) error.message = reason;
  const where = server === undefined ? 'Redis' : `Redis at ${server}`;
  if (authPattern.test(raw)) {
    return new RedisError({
      code: 'redis_auth_failed',
      operation,
      ...(server === undefined ? {} : { server }),
      message: `${where} refused the credentials during ${operation}: ${reason}. Check the user name and password in the Redis URL.`,
      cause: error,
    });
  }
  if (unavailablePattern.test(raw)) {
    return new RedisError({
      code: 'redis_unavailable',
      operation,
      ...(server === undefined ? {} : { server }),
      retryable: true,
      message: `${where} is unavailable during ${operation}: ${reason}. The work can resume once Redis is back.`,
      cause: error,
    });
  }
  return new RedisError({
    code: 'redis_command_failed',
    operation,
    ...(server === undefined ? {} : { server }),
    message: `${where} rejected a command during ${operation}: ${reason}.`,
    cause: error,
  });
}
