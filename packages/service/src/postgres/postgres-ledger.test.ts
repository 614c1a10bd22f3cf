import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Decimal, type LedgerEntry } from '@toex/costing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, translatorLine } from '../test-support/ledger-lines';
import { type PostgresTestServer, startPostgresServer } from '../test-support/postgres-server';
import { PostgresError } from './postgres-error';
import { createPostgresLedger, type PostgresLedger } from './postgres-ledger';

let server: PostgresTestServer;
const opened: PostgresLedger[] = [];
let schemas = 0;

beforeAll(async () => {
  server = await startPostgresServer();
});
afterAll(async () => {
  await Promise.all(opened.map((ledger) => ledger.close()));
  await server?.stop();
});

function ledgerIn(schema: string, options: { max?: number } = {}): PostgresLedger {
  const ledger = createPostgresLedger({ connectionString: server.url, max: options.max ?? 4 }, { schema });
  opened.push(ledger);
  return ledger;
}

function freshSchema(): string {
  schemas += 1;
  return `ledger_test_${schemas}`;
}

function total(entries: readonly LedgerEntry[]): string {
  return entries.reduce((sum, entry) => sum.add(entry.cost ?? '0'), Decimal.zero).toString();
}

async function query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe('createPostgresLedger', () => {
  it('appends lines and reads them back in order, exactly as written', async () => {
    const ledger = ledgerIn(freshSchema());
    const first = [
      translatorLine(100),
      translatorLine(200, { caseReference: undefined, tags: { pair: 'ar-en' } }),
    ];
    const second = [translatorLine('1234567')];
    await ledger.append(first);
    await ledger.append(second);
    const read = await collect(ledger.entries());
    expect(read).toEqual([...first, ...second]);
    // Same bytes as the file ledger would write: field order and exact decimal strings survive jsonb.
    expect(read.map((entry) => JSON.stringify(entry))).toEqual(
      [...first, ...second].map((entry) => JSON.stringify(entry)),
    );
  });

  it('streams a long ledger page by page in append order', async () => {
    const ledger = createPostgresLedger(server.url, { schema: freshSchema(), pageSize: 7 });
    opened.push(ledger);
    const lines = Array.from({ length: 50 }, (_, index) => translatorLine(index + 1));
    await ledger.append(lines.slice(0, 20));
    await ledger.append(lines.slice(20));
    const read = await collect(ledger.entries());
    expect(read.map((entry) => entry.quantity)).toEqual(lines.map((entry) => entry.quantity));
  });

  it('counts a retried append once', async () => {
    const ledger = ledgerIn(freshSchema());
    const batch = [translatorLine(1000), translatorLine(2000)];
    await ledger.append(batch);
    await ledger.append(batch); // the answer to the first was lost; the caller sends it again
    await ledger.append([batch[1]!, translatorLine(3000)]); // a retry overlapping a new line
    const read = await collect(ledger.entries());
    expect(read.map((entry) => entry.quantity)).toEqual(['1000', '2000', '3000']);
  });

  it('refuses a retried line whose content differs, writing nothing of that batch', async () => {
    const ledger = ledgerIn(freshSchema());
    const line = translatorLine(1000);
    await ledger.append([line]);
    const altered = { ...line, quantity: '1001', clientQuantity: '1001', cost: '0.00815' };
    const newLine = translatorLine(5);
    const error = await ledger.append([newLine, altered]).catch((caught: unknown) => caught);
    expect(PostgresError.isInstance(error)).toBe(true);
    expect((error as PostgresError).code).toBe('ledger_entry_conflict');
    expect((error as Error).message).toContain(line.id);
    expect((await collect(ledger.entries())).map((entry) => entry.id)).toEqual([line.id]);
  });

  it('validates every line before writing any', async () => {
    const ledger = ledgerIn(freshSchema());
    await expect(ledger.append([translatorLine(1), { ...translatorLine(2), cost: '1,000' }])).rejects.toThrow(
      /is not valid/,
    );
    expect(await collect(ledger.entries())).toEqual([]);
  });

  it('keeps exact totals with several pools appending and retrying at once', async () => {
    const schema = freshSchema();
    const writers = Array.from({ length: 4 }, () => ledgerIn(schema));
    await writers[0]!.migrate();
    // Odd quantities give costs with many decimal places: a float sum would drift.
    const batches = Array.from({ length: 60 }, (_, batch) =>
      Array.from({ length: 5 }, (_, index) => translatorLine(batch * 977 + index * 13 + 1)),
    );
    await Promise.all(
      batches.map(async (batch, index) => {
        const writer = writers[index % writers.length]!;
        await writer.append(batch);
        // Every third batch is retried by another writer, at once with the first writer's next batch.
        if (index % 3 === 0) await writers[(index + 1) % writers.length]!.append(batch);
      }),
    );
    const read = await collect(writers[3]!.entries());
    const expected = batches.flat();
    expect(read).toHaveLength(expected.length);
    expect(new Set(read.map((entry) => entry.id))).toEqual(new Set(expected.map((entry) => entry.id)));
    expect(total(read)).toBe(total(expected));
    const [sum] = await query<{ sum: string }>(`SELECT sum(cost)::text AS sum FROM ${schema}.ledger_entries`);
    expect(Decimal.from(sum!.sum).equals(Decimal.from(total(expected)))).toBe(true);
    // Each batch's lines stay in their order (concurrent batches may interleave).
    for (const batch of batches) {
      const positions = batch.map((line) => read.findIndex((entry) => entry.id === line.id));
      expect(positions).toEqual([...positions].sort((left, right) => left - right));
    }
  });

  it('leaves the first batch and nothing of the second when the appending process is killed mid-transaction', async () => {
    const schema = freshSchema();
    const ledger = ledgerIn(schema);
    await ledger.migrate();
    const first = [translatorLine(100), translatorLine(200)];
    const second = Array.from({ length: 6 }, (_, index) => translatorLine(1000 + index));
    // Hold the second batch mid-transaction: an uncommitted row with the id of its fourth line makes the
    // child's INSERT wait on the unique key after it has begun, with the first three lines already written.
    const blocker = new pg.Client({ connectionString: server.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query(
      `INSERT INTO ${schema}.ledger_entries (id, entry_time, kind, job_id, organisation, provider, currency, line)
       VALUES ($1, now(), 'charge', 'blocker', 'blocker', 'blocker', 'GBP', '{}')`,
      [second[3]!.id],
    );
    const fixture = fileURLToPath(new URL('./__fixtures__/append-twice.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fixture, server.url, schema, JSON.stringify(first), JSON.stringify(second)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    try {
      // Wait until the child's second transaction is waiting on the held key.
      // Starting a child under tsx on a busy CI machine can take a while.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const waiting = await query<{ count: string }>(
          `SELECT count(*) FROM pg_stat_activity
            WHERE application_name = 'toex' AND wait_event_type = 'Lock' AND state = 'active'`,
        );
        if (waiting[0]!.count === '1') break;
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`the child never blocked: ${stdout} ${stderr}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(stdout).toContain('first committed');
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    // The orphaned server session notices its client is gone once the lock is free, and rolls back.
    const deadline = Date.now() + 10_000;
    while (
      (await query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'toex' AND state <> 'idle'`))
        .length > 0 &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const read = await collect(ledger.entries());
    expect(read.map((entry) => entry.id)).toEqual(first.map((entry) => entry.id));
    expect(total(read)).toBe(total(first));
    // Running the job again appends the second batch once, completely.
    await ledger.append(first);
    await ledger.append(second);
    expect(total(await collect(ledger.entries()))).toBe(total([...first, ...second]));
  }, 90_000);

  it('rolls back a batch whose connection breaks mid-transaction, and a retry writes it once', async () => {
    const schema = freshSchema();
    const ledger = ledgerIn(schema);
    await ledger.migrate();
    const batch = [translatorLine(7), translatorLine(8), translatorLine(9)];
    const blocker = new pg.Client({ connectionString: server.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query(
      `INSERT INTO ${schema}.ledger_entries (id, entry_time, kind, job_id, organisation, provider, currency, line)
       VALUES ($1, now(), 'charge', 'blocker', 'blocker', 'blocker', 'GBP', '{}')`,
      [batch[2]!.id],
    );
    const appending = ledger.append(batch).catch((caught: unknown) => caught);
    let terminated = false;
    for (let attempt = 0; attempt < 200 && !terminated; attempt += 1) {
      const rows = await query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE application_name = 'toex' AND wait_event_type = 'Lock'`,
      );
      if (rows.length === 1) {
        await query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
        terminated = true;
      } else {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    await blocker.query('ROLLBACK');
    await blocker.end();
    expect(terminated).toBe(true);
    const error = await appending;
    expect(PostgresError.isInstance(error)).toBe(true);
    expect((error as PostgresError).retryable).toBe(true);
    expect(await collect(ledger.entries())).toEqual([]);
    await ledger.append(batch);
    await ledger.append(batch);
    expect(await collect(ledger.entries())).toEqual(batch);
  });

  it('migrates once when many processes start at once, and again is a no-op', async () => {
    const schema = freshSchema();
    const ledgers = Array.from({ length: 6 }, () => ledgerIn(schema, { max: 1 }));
    const applied = await Promise.all(ledgers.map((ledger) => ledger.migrate()));
    expect(applied.filter((versions) => versions.length > 0)).toEqual([[1, 2]]);
    expect(await ledgers[0]!.migrate()).toEqual([]);
    const rows = await query<{ version: number }>(
      `SELECT version FROM ${schema}.schema_migrations ORDER BY version`,
    );
    expect(rows.map((row) => row.version)).toEqual([1, 2]);
    // And appends from all of them after a concurrent first use work.
    const fresh = freshSchema();
    const racing = Array.from({ length: 4 }, () => ledgerIn(fresh, { max: 1 }));
    await Promise.all(racing.map((ledger, index) => ledger.append([translatorLine(index + 1)])));
    expect(await collect(racing[0]!.entries())).toHaveLength(4);
  });

  it('works for a role that may only read and append, once an administrator has migrated', async () => {
    const schema = freshSchema();
    await ledgerIn(schema).migrate();
    await query(`CREATE ROLE ${schema}_app LOGIN`);
    await query(`GRANT USAGE ON SCHEMA ${schema} TO ${schema}_app`);
    await query(`GRANT SELECT ON ${schema}.schema_migrations TO ${schema}_app`);
    await query(`GRANT SELECT, INSERT ON ${schema}.ledger_entries TO ${schema}_app`);
    const url = new URL(server.url);
    url.username = `${schema}_app`;
    const ledger = createPostgresLedger(url.href, { schema });
    opened.push(ledger);
    const line = translatorLine(42);
    await ledger.append([line]);
    expect(await collect(ledger.entries())).toEqual([line]);
    // Without the administrator's migration it could not create the tables itself.
    const denied = createPostgresLedger(url.href, { schema: `${schema}_new` });
    opened.push(denied);
    await expect(denied.append([translatorLine(1)])).rejects.toThrow(/permission denied/);
  });

  it('refuses to edit or delete a stored line', async () => {
    const schema = freshSchema();
    const ledger = ledgerIn(schema);
    await ledger.append([translatorLine(10)]);
    await expect(query(`UPDATE ${schema}.ledger_entries SET cost = 0`)).rejects.toThrow(/append-only/);
    await expect(query(`DELETE FROM ${schema}.ledger_entries`)).rejects.toThrow(/append-only/);
    expect(await collect(ledger.entries())).toHaveLength(1);
  });

  it('never shows the password of the connection URL', async () => {
    const url = new URL(server.url);
    url.password = 'Hunter2-correct-horse';
    url.pathname = '/no_such_database';
    const ledger = createPostgresLedger(url.href);
    opened.push(ledger);
    const error = await ledger.append([translatorLine(1)]).catch((caught: unknown) => caught);
    expect(PostgresError.isInstance(error)).toBe(true);
    const text = `${(error as Error).message} ${(error as PostgresError).database} ${String((error as Error).stack)}`;
    expect(text).not.toContain('Hunter2-correct-horse');
    expect((error as Error).message).toContain(
      `postgres://toex:[REDACTED]@127.0.0.1:${server.port}/no_such_database`,
    );
    expect((error as Error).message).toContain('does not exist');
    expect(ledger.database).not.toContain('Hunter2');
  });
});
