import { ConfigurationError, registerSecret } from '@toex/core';
import pg from 'pg';
import { databaseError } from './postgres-error';
import { redactDatabaseUrl } from './redact-database-url';

/**
 * How to reach PostgreSQL: a connection URL (`postgres://user:password@host:5432/db?sslmode=require`),
 * `pg` pool options, or a `pg.Pool` you own (several ledgers and budget stores can then share it; it is
 * not ended by their `close()`).
 */
export type PostgresConnection = string | pg.PoolConfig | pg.Pool;

/** A pool and the redacted name of its database. Internal. */
export interface Database {
  readonly pool: pg.Pool;
  /** The database as a redacted URL, for messages. */
  readonly name: string;
  /** Ends the pool when this module created it. */
  close(): Promise<void>;
}

function describe(config: pg.PoolConfig): string {
  if (config.connectionString !== undefined) return redactDatabaseUrl(config.connectionString);
  const user =
    config.user === undefined ? '' : `${config.user}${config.password === undefined ? '' : ':[REDACTED]'}@`;
  return `postgres://${user}${config.host ?? 'localhost'}:${config.port ?? 5432}/${config.database ?? ''}`;
}

function passwordOf(config: pg.PoolConfig): string | undefined {
  if (typeof config.password === 'string') return config.password;
  if (config.connectionString === undefined) return undefined;
  try {
    const password = new URL(config.connectionString).password;
    return password === '' ? undefined : decodeURIComponent(password);
  } catch {
    return undefined;
  }
}

/** Opens a pool (or adopts the caller's). Internal. */
export function openDatabase(connection: PostgresConnection): Database {
  if (connection instanceof pg.Pool) {
    return { pool: connection, name: describe(connection.options), close: async () => undefined };
  }
  const config: pg.PoolConfig =
    typeof connection === 'string' ? { connectionString: connection } : { ...connection };
  // Registered so that core's redaction removes it from any log line or error text, wherever it appears.
  const password = passwordOf(config);
  if (password !== undefined) registerSecret(password);
  const pool = new pg.Pool({ application_name: 'toex', max: 4, ...config });
  // An idle client whose server went away emits here; without a listener that would crash the process.
  // The pool drops the client; the next query reconnects or fails with a typed error.
  pool.on('error', () => undefined);
  let closed: Promise<void> | undefined;
  return {
    pool,
    name: describe(config),
    close() {
      closed ??= pool.end();
      return closed;
    },
  };
}

/**
 * Runs `work` in one transaction on one pooled connection: COMMIT when it resolves, ROLLBACK when it
 * throws. Errors come back as typed, redacted `PostgresError`s. A connection that broke mid-transaction
 * is discarded rather than returned to the pool. Internal.
 */
export async function inTransaction<T>(
  database: Database,
  doing: string,
  work: (client: pg.PoolClient) => Promise<T>,
  isolation: 'read committed' | 'repeatable read' = 'read committed',
): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await database.pool.connect();
  } catch (error) {
    throw databaseError(error, database.name, doing);
  }
  let broken = false;
  const onError = () => {
    broken = true;
  };
  client.on('error', onError);
  try {
    await client.query(`BEGIN ISOLATION LEVEL ${isolation.toUpperCase()}`);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw databaseError(error, database.name, doing);
  } finally {
    client.removeListener('error', onError);
    client.release(broken ? true : undefined);
  }
}

/** Quotes a schema name after checking it is a plain lower-case identifier. Internal. */
export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ConfigurationError({
      code: 'invalid_schema_name',
      setting: 'schema',
      message: `The schema name "${schema}" must be a plain lower-case SQL identifier (a-z, 0-9, _; at most 63).`,
    });
  }
  return `"${schema}"`;
}
