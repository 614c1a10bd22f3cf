import type { Ledger, LedgerEntry } from '@toex/costing';
import type pg from 'pg';
import { type Database, inTransaction, openDatabase, type PostgresConnection, quoteSchema } from './database';
import { entryFromRow, insertEntries } from './ledger-rows';
import { migrate } from './migrations';
import { databaseError } from './postgres-error';

/** Options for {@link createPostgresLedger}. */
export interface PostgresLedgerOptions {
  /**
   * The PostgreSQL schema holding toex's tables, created on first use. Default `toex`. Ledgers and budget
   * stores that share a schema share their lines.
   */
  schema?: string;
  /** Lines fetched per round trip while reading. Default 1000: memory stays flat however long the ledger. */
  pageSize?: number;
}

/** The costing `Ledger` in PostgreSQL. Open it once per process and `close()` it at the end. */
export interface PostgresLedger extends Ledger {
  /** The database as a redacted URL: safe for logs and manifests. */
  readonly database: string;
  /** The schema holding the tables. */
  readonly schema: string;
  /**
   * Creates or upgrades the tables now rather than on first use; resolves to the migration versions it
   * applied. Safe to call from many processes at once.
   */
  migrate(): Promise<number[]>;
  /** Ends the connection pool, unless it was passed in as a `pg.Pool` (then it is the caller's to end). */
  close(): Promise<void>;
}

/** A migrated schema per pool: the migration runs once per process, however many ledgers share the pool. Internal. */
export interface Prepared {
  database: Database;
  schema: string;
  /** The quoted schema, for SQL. */
  sql: string;
  ready(): Promise<void>;
  migrate(): Promise<number[]>;
}

/** Internal: a database handle whose schema is migrated on first use. */
export function prepare(connection: PostgresConnection, schema = 'toex'): Prepared {
  const sql = quoteSchema(schema);
  const database = openDatabase(connection);
  let migration: Promise<number[]> | undefined;
  const run = () => {
    const attempt = migrate(database, schema);
    // A failed attempt (database down) is retried by the next call, not remembered.
    attempt.catch(() => {
      if (migration === attempt) migration = undefined;
    });
    return attempt;
  };
  return {
    database,
    schema,
    sql,
    async ready() {
      migration ??= run();
      await migration;
    },
    migrate() {
      migration = run();
      return migration;
    },
  };
}

/**
 * Opens the cost ledger in a PostgreSQL database (`pg`). On first use it creates or upgrades its tables
 * in `options.schema` (versioned migrations in `schema_migrations`, applied in one transaction under an
 * advisory lock, so workers starting together do not race).
 *
 * - `append` writes a batch in one transaction: all of it or none of it.
 * - The entry id is a unique key: a retried append of the same lines is counted once; a line whose id
 *   is already stored with different content is a `PostgresError` (`ledger_entry_conflict`) and nothing
 *   of the batch is written.
 * - Amounts stay the exact decimal strings of the entries (and `numeric` for sums in SQL); never floats.
 * - `entries()` streams every line in append order, page by page, from one consistent snapshot.
 * - Lines are append-only in the database too: a trigger refuses UPDATE, DELETE and TRUNCATE.
 *
 * Any number of processes can append to the same ledger at once. The connection's password never
 * appears in errors: they name the database by {@link redactDatabaseUrl}.
 *
 * @example
 * const ledger = createPostgresLedger(process.env.TOEX_LEDGER_URL!);
 * try {
 *   await ledger.append(lines);
 *   for await (const line of ledger.entries()) console.log(line.id, line.cost);
 * } finally {
 *   await ledger.close();
 * }
 */
export function createPostgresLedger(
  connection: PostgresConnection,
  options: PostgresLedgerOptions = {},
): PostgresLedger {
  return ledgerOn(prepare(connection, options.schema), options.pageSize);
}

/** Internal: the ledger over an already prepared schema (shared with the budget store). */
export function ledgerOn(prepared: Prepared, pageSize = 1000): PostgresLedger {
  const { database, sql } = prepared;
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new RangeError('pageSize must be a positive integer');
  return {
    database: database.name,
    schema: prepared.schema,
    migrate: () => prepared.migrate(),
    close: () => database.close(),
    async append(entries: readonly LedgerEntry[]) {
      if (entries.length === 0) return;
      await prepared.ready();
      await inTransaction(database, `Appending ${entries.length} ledger line(s)`, (client) =>
        insertEntries(client, sql, database.name, entries),
      );
    },
    entries() {
      return readEntries(prepared, pageSize);
    },
  };
}

async function* readEntries(prepared: Prepared, pageSize: number): AsyncGenerator<LedgerEntry> {
  const { database, sql } = prepared;
  await prepared.ready();
  const doing = 'Reading the ledger';
  let client: pg.PoolClient;
  try {
    client = await database.pool.connect();
  } catch (error) {
    throw databaseError(error, database.name, doing);
  }
  let broken = false;
  let open = false;
  try {
    // One snapshot for the whole read: totals are those of one instant, even while workers append.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    open = true;
    let after = '0';
    for (;;) {
      const page = await client.query<{ seq: string; line: string }>(
        `SELECT seq, line FROM ${sql}.ledger_entries WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [after, pageSize],
      );
      for (const row of page.rows) yield entryFromRow(row.line);
      if (page.rows.length < pageSize) break;
      after = page.rows[page.rows.length - 1]!.seq;
    }
    await client.query('COMMIT');
    open = false;
  } catch (error) {
    broken = true;
    throw databaseError(error, database.name, doing);
  } finally {
    // Also reached when the reader stops early (break): the snapshot is dropped with the connection state.
    if (open && !broken) await client.query('ROLLBACK').catch(() => (broken = true));
    client.release(broken ? true : undefined);
  }
}
