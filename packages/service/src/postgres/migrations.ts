import type pg from 'pg';
import { type Database, inTransaction, quoteSchema } from './database';
import { PostgresError } from './postgres-error';

/** One schema change. Versions only ever grow; a released migration is never edited. Internal. */
interface Migration {
  version: number;
  name: string;
  sql(schema: string): string;
}

// Each statement names the schema explicitly, so several toex schemas can share one database.
const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'ledger entries',
    sql: (s) => `
      CREATE TABLE ${s}.ledger_entries (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        entry_time timestamptz NOT NULL,
        kind text NOT NULL,
        corrects text,
        job_id text NOT NULL,
        case_reference text,
        organisation text NOT NULL,
        provider text NOT NULL,
        currency text NOT NULL,
        cost numeric,
        line text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX ledger_entries_case ON ${s}.ledger_entries (case_reference, currency);
      CREATE INDEX ledger_entries_organisation ON ${s}.ledger_entries (organisation, entry_time);
      CREATE INDEX ledger_entries_job ON ${s}.ledger_entries (job_id);
      -- Append-only, as the ledger interface promises: corrections are new lines, never edits.
      CREATE FUNCTION ${s}.ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'toex ledger lines are append-only: add a correction line instead of %', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ${s}.ledger_entries
        FOR EACH ROW EXECUTE FUNCTION ${s}.ledger_entries_append_only();
      CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ${s}.ledger_entries
        FOR EACH STATEMENT EXECUTE FUNCTION ${s}.ledger_entries_append_only();`,
  },
  {
    version: 2,
    name: 'budget reservations',
    sql: (s) => `
      CREATE TABLE ${s}.budget_reservations (
        id uuid PRIMARY KEY,
        job_id text NOT NULL,
        case_reference text,
        organisation text NOT NULL,
        currency text NOT NULL,
        amount numeric NOT NULL CHECK (amount >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX budget_reservations_case ON ${s}.budget_reservations (case_reference);
      CREATE INDEX budget_reservations_organisation ON ${s}.budget_reservations (organisation);
      CREATE INDEX budget_reservations_expiry ON ${s}.budget_reservations (expires_at);`,
  },
];

/** The newest schema version this release knows. */
export const latestSchemaVersion: number = migrations[migrations.length - 1]!.version;

/**
 * Brings `schema` up to {@link latestSchemaVersion}: every missing migration is applied, in order, in
 * one transaction under a transaction-level advisory lock, so workers starting at once apply each
 * migration exactly once and none sees a half-made schema. Returns the versions it applied (empty when
 * the schema was current). Refuses a schema newer than this release. Internal.
 */
export async function migrate(database: Database, schema: string): Promise<number[]> {
  const s = quoteSchema(schema);
  // Fast path, without DDL or locks: a current schema needs nothing, so a role with only SELECT and
  // INSERT (no CREATE on the database) can use tables an administrator migrated.
  const current = await inTransaction(
    database,
    `Reading the toex schema version in "${schema}"`,
    async (client) => {
      const table = await client.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [
        `${s}.schema_migrations`,
      ]);
      if (!table.rows[0]?.exists) return 0;
      const version = await client.query<{ version: number | null }>(
        `SELECT max(version) AS version FROM ${s}.schema_migrations`,
      );
      return version.rows[0]?.version ?? 0;
    },
  );
  if (current === latestSchemaVersion) return [];
  return inTransaction(database, `Preparing the toex tables in schema "${schema}"`, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`toex.migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const applied = new Set(
      (await client.query<{ version: number }>(`SELECT version FROM ${s}.schema_migrations`)).rows.map(
        (row) => row.version,
      ),
    );
    const newest = Math.max(0, ...applied);
    if (newest > latestSchemaVersion) {
      throw new PostgresError({
        code: 'schema_too_new',
        database: database.name,
        message: `Schema "${schema}" on ${database.name} is at version ${newest}, newer than this toex release knows (${latestSchemaVersion}). Upgrade toex on this machine.`,
      });
    }
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql(s));
      await record(client, s, migration);
      done.push(migration.version);
    }
    return done;
  });
}

async function record(client: pg.PoolClient, s: string, migration: Migration): Promise<void> {
  await client.query(`INSERT INTO ${s}.schema_migrations (version, name) VALUES ($1, $2)`, [
    migration.version,
    migration.name,
  ]);
}
