import { hasMarker, redactSecrets, ToexError } from '@toex/core';

const marker = 'toex.error.postgres';
const symbol = Symbol.for(marker);

/**
 * A PostgreSQL ledger or budget operation failed. `database` names the database with its password
 * redacted; the message never holds a password. `retryable` is true for a lost connection, a server
 * shutting down, a serialization failure or a deadlock: the operation was rolled back and can be sent
 * again (ledger appends are idempotent by entry id).
 */
export class PostgresError extends ToexError {
  private readonly [symbol] = true;
  /** The database, as a redacted URL (`postgres://user:[REDACTED]@host:5432/db`). */
  readonly database: string;
  /** The server's SQLSTATE (`23505`, `08006`…) or the socket error code (`ECONNREFUSED`), when known. */
  readonly sqlState: string | undefined;

  constructor(options: {
    code: string;
    message: string;
    database: string;
    sqlState?: string;
    retryable?: boolean;
    cause?: unknown;
  }) {
    super({
      code: options.code,
      message: options.message,
      retryable: options.retryable ?? false,
      cause: options.cause,
    });
    this.name = 'PostgresError';
    this.database = options.database;
    this.sqlState = options.sqlState;
  }

  /** True for a {@link PostgresError} from any copy of `@toex/service`. */
  static override isInstance(error: unknown): error is PostgresError {
    return hasMarker(error, marker);
  }
}

// SQLSTATE classes and socket errors after which the same statement may succeed later.
function isTransient(code: string | undefined): boolean {
  if (code === undefined) return false;
  return (
    code.startsWith('08') || // connection exception
    code === '40001' || // serialization failure
    code === '40P01' || // deadlock detected
    code === '57P01' || // admin shutdown
    code === '57P02' || // crash shutdown
    code === '57P03' || // cannot connect now (starting up)
    code === '53300' || // too many connections
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code)
  );
}

/**
 * Wraps an error from `pg` in a {@link PostgresError} saying what was being done and on which database.
 * A `PostgresError` or another toex error passes through unchanged.
 */
export function databaseError(error: unknown, database: string, doing: string): ToexError {
  if (ToexError.isInstance(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const sqlState = typeof code === 'string' ? code : undefined;
  const detail = redactSecrets(error instanceof Error ? error.message : String(error));
  const lost = /terminat|Connection ended|ECONNRESET|closed/i.test(detail);
  const retryable = isTransient(sqlState) || lost;
  return new PostgresError({
    code: retryable ? 'database_unavailable' : 'database_error',
    database,
    ...(sqlState === undefined ? {} : { sqlState }),
    retryable,
    message: `${doing} failed on ${database}: ${detail}${sqlState === undefined ? '' : ` (${sqlState})`}. ${
      retryable
        ? 'Nothing was committed by the failed transaction; try again when the database is reachable.'
        : 'Check the database URL, its permissions and the server log.'
    }`,
    cause: error,
  });
}
