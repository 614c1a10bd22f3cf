import { BudgetExceededError } from '@toex/core';
import { Decimal } from '@toex/costing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, translatorLine } from '../test-support/ledger-lines';
import { type PostgresTestServer, startPostgresServer } from '../test-support/postgres-server';
import type { BudgetLease, BudgetLeaseRequest } from './budget-lease';
import { createPostgresBudgets, type PostgresBudgets } from './postgres-budgets';
import { PostgresError } from './postgres-error';

let server: PostgresTestServer;
const opened: PostgresBudgets[] = [];
let schemas = 0;

beforeAll(async () => {
  server = await startPostgresServer();
});
afterAll(async () => {
  await Promise.all(opened.map((budgets) => budgets.close()));
  await server?.stop();
});

function freshSchema(): string {
  schemas += 1;
  return `budget_test_${schemas}`;
}

function budgetsIn(schema: string, leaseTtlMs?: number): PostgresBudgets {
  const budgets = createPostgresBudgets(
    { connectionString: server.url, max: 3 },
    { schema, ...(leaseTtlMs === undefined ? {} : { leaseTtlMs }) },
  );
  opened.push(budgets);
  return budgets;
}

const kestrel = { organisation: 'force-a', caseReference: 'OP-KESTREL', currency: 'GBP' } as const;

function request(jobId: string, amount: string, caps: BudgetLeaseRequest['caps']): BudgetLeaseRequest {
  return { ...kestrel, jobId, amount, caps };
}

// 1,000,000 characters of Azure Translator S1 at $10 per million, at 0.8145 GBP per USD.
const millionCharacters = '8.145';

describe('createPostgresBudgets', () => {
  it('never lets concurrent workers hold more than a cap together', async () => {
    const schema = freshSchema();
    const workers = Array.from({ length: 4 }, () => budgetsIn(schema));
    await workers[0]!.ledger.migrate();
    // 4 workers × 12 jobs of 0.70 against a 10.00 case cap: exactly 14 fit.
    const attempts = await Promise.all(
      Array.from({ length: 48 }, (_, index) =>
        workers[index % 4]!.reserve(
          request(`J-${index}`, '0.70', { case: '10.00', organisation: '1000' }),
        ).then(
          (lease) => ({ lease }),
          (error: unknown) => ({ error }),
        ),
      ),
    );
    const leases = attempts.flatMap((attempt) => ('lease' in attempt ? [attempt.lease] : []));
    const refusals = attempts.flatMap((attempt) => ('error' in attempt ? [attempt.error] : []));
    expect(leases).toHaveLength(14);
    expect(refusals.every((error) => BudgetExceededError.isInstance(error))).toBe(true);
    expect((refusals[0] as BudgetExceededError).scope).toBe('case');
    const [casePosition] = await workers[1]!.position({ ...kestrel, caps: { case: '10.00' } });
    expect(casePosition).toMatchObject({ spent: '0', held: '9.8', remaining: '0.2' });
  });

  it('lets only one of two reservers that read the cap at the same instant take its last part', async () => {
    const schema = freshSchema();
    const [first, second] = [budgetsIn(schema), budgetsIn(schema)];
    await first.ledger.migrate();
    // Stall both grants at the same point: nobody can read the leases until the blocker lets go. Without
    // the per-cap lock both would then read "nothing held" and each take 6 of the 10.
    const blocker = new pg.Client({ connectionString: server.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query(`LOCK TABLE ${schema}.budget_reservations IN ACCESS EXCLUSIVE MODE`);
    const caps = { case: '10' };
    const racing = [first, second].map((budgets, index) =>
      budgets.reserve(request(`J-${index}`, '6', caps)).then(
        (lease) => lease,
        (error: unknown) => error,
      ),
    );
    // Watched from another connection: inside the blocker's transaction the activity view is a snapshot.
    const watcher = new pg.Client({ connectionString: server.url });
    await watcher.connect();
    let bothWaiting = false;
    try {
      for (let attempt = 0; attempt < 400 && !bothWaiting; attempt += 1) {
        const waiting = await watcher.query(
          `SELECT 1 FROM pg_stat_activity WHERE application_name = 'toex' AND wait_event_type = 'Lock'`,
        );
        bothWaiting = waiting.rows.length === 2;
        if (!bothWaiting) await new Promise((resolve) => setTimeout(resolve, 25));
      }
    } finally {
      await blocker.query('COMMIT');
      await blocker.end();
      await watcher.end();
    }
    expect(bothWaiting).toBe(true);
    const outcomes = await Promise.all(racing);
    expect(outcomes.filter((outcome) => BudgetExceededError.isInstance(outcome))).toHaveLength(1);
    expect((await first.position({ ...kestrel, caps }))[0]).toMatchObject({ held: '6', remaining: '4' });
  });

  it('counts settled spending and live leases together, so a settle never frees more than it spent', async () => {
    const schema = freshSchema();
    const [first, second] = [budgetsIn(schema), budgetsIn(schema)];
    const caps = { case: '20' };
    const lease = await first.reserve(request('J-1', '10', caps));
    // The job spent 8.145 (one million characters); settling records it and frees the rest.
    const line = translatorLine(1_000_000, { jobId: 'J-1' });
    await first.settle(lease, [line]);
    await first.settle(lease, [line]); // retried after a lost answer: counted once
    const [position] = await second.position({ ...kestrel, caps });
    expect(position).toMatchObject({ spent: millionCharacters, held: '0', remaining: '11.855' });
    await expect(second.reserve(request('J-2', '12', caps))).rejects.toThrow(
      /budget of 20 GBP cannot hold job J-2/,
    );
    const next = await second.reserve(request('J-2', '11.855', caps));
    expect(next.amount).toBe('11.855');
    expect((await collect(second.ledger.entries())).map((entry) => entry.id)).toEqual([line.id]);
  });

  it('grants what is left when the job accepts a smaller lease', async () => {
    const schema = freshSchema();
    const budgets = budgetsIn(schema);
    const caps = { organisation: { limit: '5', from: '2026-11-01', to: '2026-12-01' } };
    await budgets.reserve(request('J-1', '3.5', caps));
    const partial = await budgets.reserve({ ...request('J-2', '4', caps), minimum: '1' });
    expect(partial.amount).toBe('1.5');
    await expect(budgets.reserve({ ...request('J-3', '4', caps), minimum: '0.01' })).rejects.toSatisfy(
      (error) => BudgetExceededError.isInstance(error) && error.scope === 'organisation',
    );
    // A job that costs nothing (an offline engine) still runs when the cap is used up.
    expect((await budgets.reserve(request('J-free', '0', caps))).amount).toBe('0');
  });

  it('counts an organisation cap only within its period', async () => {
    const schema = freshSchema();
    const budgets = budgetsIn(schema);
    await budgets.ledger.append([
      translatorLine(1_000_000, { time: '2026-10-31T23:59:59Z' }),
      translatorLine(1_000_000, { time: '2026-11-02T09:00:00Z' }),
    ]);
    const november = { organisation: { limit: '10', from: '2026-11-01', to: '2026-12-01' } };
    const [position] = await budgets.position({ ...kestrel, caps: november });
    expect(position).toMatchObject({ scope: 'organisation', subject: 'force-a', spent: millionCharacters });
    const [allTime] = await budgets.position({ ...kestrel, caps: { organisation: '100' } });
    expect(allTime!.spent).toBe('16.29');
  });

  it('takes appended costs off the lease as the job writes its lines', async () => {
    const schema = freshSchema();
    const budgets = budgetsIn(schema);
    const caps = { case: '30' };
    const lease = await budgets.reserve(request('J-1', '20', caps));
    const ledger = budgets.ledgerFor(lease);
    const line = translatorLine(1_000_000, { jobId: 'J-1' });
    await ledger.append([line]);
    await ledger.append([line]); // a retry does not take it off twice
    expect((await budgets.position({ ...kestrel, caps }))[0]).toMatchObject({
      spent: millionCharacters,
      held: '11.855',
      remaining: '10',
    });
    await budgets.release(lease);
    await budgets.release(lease);
    expect((await budgets.position({ ...kestrel, caps }))[0]).toMatchObject({
      held: '0',
      remaining: '21.855',
    });
  });

  it('frees the hold of a worker that died once its lease lapses, and refuses to renew it', async () => {
    const schema = freshSchema();
    const budgets = budgetsIn(schema, 300);
    const caps = { case: '10' };
    const dead: BudgetLease = await budgets.reserve(request('J-dead', '10', caps));
    const alive = await budgets.reserve({ ...request('J-alive', '1', { case: '11' }), ttlMs: 60_000 });
    await expect(budgets.reserve(request('J-2', '5', caps))).rejects.toThrow(BudgetExceededError);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const lease = await budgets.reserve({ ...request('J-2', '5', { case: '11' }), ttlMs: 60_000 });
    expect(lease.amount).toBe('5');
    await expect(budgets.renew(dead)).rejects.toSatisfy(
      (error) => PostgresError.isInstance(error) && error.code === 'lease_expired',
    );
    const renewed = await budgets.renew(alive, 120_000);
    expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.parse(alive.expiresAt));
    expect(await budgets.releaseExpired()).toBe(1);
  });

  it("keeps a running job's lease alive while its worker lives, and tells it when the lease is lost", async () => {
    const schema = freshSchema();
    const budgets = budgetsIn(schema, 300);
    const caps = { case: '10' };
    const lease = await budgets.reserve(request('J-long', '10', caps));
    const alive = budgets.keepAlive(lease);
    await new Promise((resolve) => setTimeout(resolve, 900)); // three lease times
    await expect(budgets.reserve(request('J-2', '1', caps))).rejects.toThrow(BudgetExceededError);
    alive.stop(); // the worker died
    await new Promise((resolve) => setTimeout(resolve, 500));
    const next = await budgets.reserve({ ...request('J-2', '1', caps), ttlMs: 60_000 });
    expect(next.amount).toBe('1');
    const lost = await new Promise<string>((resolve) => {
      const watch = budgets.keepAlive(lease, { onLost: (error) => resolve(error.code) });
      setTimeout(() => {
        watch.stop();
        resolve('not told');
      }, 2_000);
    });
    expect(lost).toBe('lease_expired');
  });

  it("replaces a taken-over job's earlier lease rather than holding twice, and leaves other jobs' leases", async () => {
    const budgets = budgetsIn(freshSchema());
    const caps = { case: '10.00' };
    const dead = await budgets.reserve(request('J-1', '6.00', caps));
    const other = await budgets.reserve(request('J-2', '3.00', caps));
    // Without replacing, the dead worker's 6.00 still counts: only 1.00 is left.
    await expect(budgets.reserve({ ...request('J-1', '6.00', caps), minimum: '6.00' })).rejects.toThrow(
      BudgetExceededError,
    );
    const takeover = await budgets.reserve({
      ...request('J-1', '6.00', caps),
      minimum: '6.00',
      replaceEarlierLeases: true,
    });
    expect(takeover.amount).toBe('6');
    const [position] = await budgets.position({ ...kestrel, caps });
    expect(position).toMatchObject({ held: '9', remaining: '1' });
    await expect(budgets.renew(dead)).rejects.toThrow(PostgresError);
    expect((await budgets.renew(other)).amount).toBe('3');
  });

  it('refuses a ledger in another currency rather than mixing amounts', async () => {
    const schema = freshSchema();
    const budgets = budgetsIn(schema);
    await budgets.ledger.append([translatorLine(1000)]);
    await expect(
      budgets.reserve({ ...request('J-1', '1', { case: '10' }), currency: 'EUR' }),
    ).rejects.toSatisfy((error) => PostgresError.isInstance(error) && error.code === 'currency_mismatch');
  });

  it('keeps spent plus held within the cap while workers reserve, spend and settle at once', async () => {
    const schema = freshSchema();
    const workers = Array.from({ length: 3 }, () => budgetsIn(schema));
    const caps = { case: '50' };
    let granted = 0;
    await Promise.all(
      workers.map(async (worker, index) => {
        for (let job = 0; job < 15; job += 1) {
          const lease = await worker
            .reserve(request(`W${index}-J${job}`, '8.145', caps))
            .catch(() => undefined);
          if (lease === undefined) continue;
          granted += 1;
          // Each job spends a third of a million characters, less than it leased.
          await worker.settle(lease, [translatorLine(333_333, { jobId: `W${index}-J${job}` })]);
        }
      }),
    );
    const [position] = await workers[0]!.position({ ...kestrel, caps });
    expect(Decimal.from(position!.spent).greaterThan(50)).toBe(false);
    expect(position!.held).toBe('0');
    // Every granted job settled, and the cap filled up until no whole lease fitted.
    expect(Decimal.from(position!.spent).equals(Decimal.from('2.714997285').multiply(granted))).toBe(true);
    expect(Decimal.from(position!.remaining).lessThan('8.145')).toBe(true);
  });
});
