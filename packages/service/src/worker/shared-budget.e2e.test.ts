import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from '@toex/costing';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJobStatus, openJobQueue } from '../index';
import { type AzureStandIn, startAzureStandIn } from '../test-support/azure-stand-in';
import { phoneExport } from '../test-support/phone-export';
import { type PostgresTestServer, startPostgresServer } from '../test-support/postgres-server';
import { startRedisServer, type TestRedisServer } from '../test-support/redis-server';
import { prepareToex, spawnToex, type ToexProcess, waitFor } from '../test-support/spawn-toex';

// Two `toex worker` processes with one PostgreSQL ledger, and two jobs in one case submitted with
// `toex submit translate --case-budget`, whose estimates together exceed it: the workers reserve in the
// database, so the ledger never records more than the case budget, and the job that finds too little
// left marks the rest of its rows failed:budget_exceeded (exit 3), as `toex translate --budget` does.

const key = { AZURE_TRANSLATOR_KEY: 'budget-test-key-0123456789' };
const rows = 300;
let redis: TestRedisServer;
let postgres: PostgresTestServer;
let azure: AzureStandIn;
let directory: string;
const workers: ToexProcess[] = [];

beforeAll(async () => {
  await prepareToex();
  [redis, postgres, azure] = await Promise.all([
    startRedisServer(),
    startPostgresServer(),
    startAzureStandIn({ latencyMs: 20 }),
  ]);
  directory = mkdtempSync(join(tmpdir(), 'toex-queue-budget-'));
});

afterAll(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await azure?.close();
  await redis?.stop();
  await postgres?.stop();
  rmSync(directory, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const child = spawnToex(args, key);
  const code = await child.exited;
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}

function statusesOf(path: string): string[] {
  const records = parse(readFileSync(path, 'utf8'), { columns: true }) as Array<Record<string, string>>;
  return records.map((record) => record.toex_status ?? '');
}

describe('a case budget shared by two workers', () => {
  it('is never overspent: one job completes, the other marks what the case cannot pay for, and no row is lost', {
    timeout: 240_000,
  }, async () => {
    const inputs = ['first', 'second'].map((name) => {
      const input = join(directory, `${name}.csv`);
      writeFileSync(input, phoneExport(rows, `budget-${name}`));
      return input;
    });
    // What one job costs, by toex translate --estimate at the default Azure price.
    const estimated = await run([
      'translate',
      inputs[0]!,
      '--estimate',
      '--json',
      ...azure.translateArgs,
      '--no-cache',
    ]);
    expect(estimated.code, estimated.stderr).toBe(0);
    const estimate = JSON.parse(estimated.stdout.trim().split('\n').at(-1)!) as {
      cost: { amount: string; currency: string };
    };
    const oneJob = Decimal.from(estimate.cost.amount);
    // Room for one job and a half: together they need two.
    const caseBudget = oneJob.multiply('1.5').toString();

    for (let index = 0; index < 2; index += 1) {
      const worker = spawnToex(
        ['worker', '--redis', redis.url, '--ledger', postgres.url, '--lock-duration', '5'],
        key,
      );
      workers.push(worker);
    }
    await waitFor(
      () => workers.every((worker) => worker.stderr().includes('worker ready')),
      60_000,
      'the workers to start',
    );
    const submitted = await run([
      'submit',
      'translate',
      ...inputs,
      ...azure.translateArgs,
      '--case',
      'OP-HERON',
      '--org',
      'force-a',
      '--case-budget',
      caseBudget,
      '--redis',
      redis.url,
      '--json',
    ]);
    expect(submitted.code, submitted.stderr).toBe(0);
    const jobs = submitted.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { jobId: string; output: string });
    expect(jobs).toHaveLength(2);

    const queue = openJobQueue({ redis: redis.url });
    try {
      await waitFor(
        async () =>
          (await Promise.all(jobs.map((job) => getJobStatus(queue, job.jobId)))).every(
            (status) => status.state === 'completed' || status.state === 'failed',
          ),
        150_000,
        'both jobs to end',
      );
      const statuses = await Promise.all(jobs.map((job) => getJobStatus(queue, job.jobId)));
      for (const status of statuses) expect(status.state, JSON.stringify(status.error)).toBe('completed');
      const exitCodes = statuses.map((status) => status.result?.exitCode).sort();
      expect(exitCodes).toEqual([0, 3]);

      // Every row of both inputs is in its output, in order, with a status.
      const complete = statuses.find((status) => status.result?.exitCode === 0)!;
      const stopped = statuses.find((status) => status.result?.exitCode === 3)!;
      const completeRows = statusesOf(complete.result!.output);
      const stoppedRows = statusesOf(stopped.result!.output);
      expect(completeRows).toHaveLength(rows);
      expect(stoppedRows).toHaveLength(rows);
      expect(completeRows.every((status) => status === 'ok')).toBe(true);
      const translated = stoppedRows.filter((status) => status === 'ok').length;
      expect(translated).toBeGreaterThan(0);
      expect(translated).toBeLessThan(rows);
      expect(stoppedRows.slice(translated).every((status) => status === 'failed:budget_exceeded')).toBe(true);
      expect(stopped.result!.failedRows).toBe(rows - translated);

      // The ledger holds both jobs' lines, and their cost is within the case budget.
      const client = new pg.Client({ connectionString: postgres.url });
      await client.connect();
      try {
        const ledger = await client.query<{ job_id: string; cost: string }>(
          `SELECT job_id, sum(cost)::text AS cost FROM toex.ledger_entries WHERE case_reference = 'OP-HERON' GROUP BY job_id`,
        );
        expect(ledger.rows.map((row) => row.job_id).sort()).toEqual(jobs.map((job) => job.jobId).sort());
        const total = ledger.rows.reduce((sum, row) => sum.add(row.cost), Decimal.zero);
        expect(total.greaterThan(caseBudget)).toBe(false);
        // Most of the budget was used: the second job translated what was left, not nothing.
        expect(total.greaterThan(oneJob)).toBe(true);
        const held = await client.query<{ count: string }>(
          `SELECT count(*)::text AS count FROM toex.budget_reservations WHERE expires_at > now()`,
        );
        expect(held.rows[0]!.count).toBe('0');
        console.log(
          `case budget ${caseBudget} ${estimate.cost.currency} (one job ${oneJob.toString()}): ledger ${total.toString()}, second job translated ${translated} of ${rows} rows`,
        );
      } finally {
        await client.end();
      }
    } finally {
      await queue.close();
      for (const worker of workers) worker.child.kill('SIGTERM');
      await Promise.all(workers.map((worker) => worker.exited));
    }
  });

  it('runs a job whose case has nothing left on a budget of zero: every row marked, nothing sent, exit 3', {
    timeout: 120_000,
  }, async () => {
    const input = join(directory, 'spent.csv');
    writeFileSync(input, phoneExport(20, 'budget-spent'));
    const worker = spawnToex(
      ['worker', '--redis', redis.url, '--ledger', postgres.url, '--lock-duration', '5'],
      key,
    );
    workers.push(worker);
    const before = azure.requests.length;
    const submitted = await run([
      'submit',
      'translate',
      input,
      ...azure.translateArgs,
      '--case',
      'OP-SPENT',
      '--case-budget',
      '0',
      '--redis',
      redis.url,
      '--wait',
      '--json',
    ]);
    worker.child.kill('SIGTERM');
    await worker.exited;
    expect(submitted.code, submitted.stderr).toBe(3);
    const finished = JSON.parse(submitted.stdout.trim().split('\n').at(-1)!) as {
      state: string;
      result: { output: string; exitCode: number; failedRows: number };
    };
    expect(finished).toMatchObject({ state: 'completed', result: { exitCode: 3, failedRows: 20 } });
    const statuses = statusesOf(finished.result.output);
    expect(statuses).toHaveLength(20);
    expect(statuses.every((status) => status === 'failed:budget_exceeded')).toBe(true);
    expect(azure.requests.length).toBe(before);
  });

  it('fails a job with a shared budget on a worker without a PostgreSQL ledger, sending nothing', {
    timeout: 120_000,
  }, async () => {
    const input = join(directory, 'no-postgres.csv');
    writeFileSync(input, phoneExport(10, 'budget-no-postgres'));
    const worker = spawnToex(['worker', '--redis', redis.url, '--lock-duration', '5'], key);
    workers.push(worker);
    const before = azure.requests.length;
    const submitted = await run([
      'submit',
      'translate',
      input,
      ...azure.translateArgs,
      '--case',
      'OP-HERON',
      '--case-budget',
      '5',
      '--redis',
      redis.url,
      '--wait',
      '--json',
    ]);
    worker.child.kill('SIGTERM');
    await worker.exited;
    const seen = `submit stdout:\n${submitted.stdout}\nsubmit stderr:\n${submitted.stderr}\nworker stderr:\n${worker.stderr()}`;
    expect(submitted.code, seen).toBe(1);
    expect(submitted.stdout, seen).toContain('postgres_ledger_required');
    expect(submitted.stdout).toContain('--ledger postgres://');
    expect(azure.requests.length).toBe(before);
  });
});
