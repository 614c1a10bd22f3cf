/**
 * PostgreSQL ledger and shared-budget throughput on a throwaway local cluster (fsync off, loopback):
 * `node --import tsx bench/postgres/measure-ledger.ts`. Not yet part of `npm run bench`; it prints a
 * table of appends per second with 1, 4 and 8 concurrent writers (one pool connection each), read
 * speed, batched appends, and budget reserve+settle pairs per second against one shared case cap.
 */
import { createPostgresBudgets, createPostgresLedger } from '../../packages/service/src/index';
import { translatorLine } from '../../packages/service/src/test-support/ledger-lines';
import { startPostgresServer } from '../../packages/service/src/test-support/postgres-server';
import { formatNumber, renderTable } from '../report/table';

const server = await startPostgresServer();
const rows: Array<[string, number, string]> = [];
try {
  for (const writers of [1, 4, 8]) {
    const schema = `bench_${writers}`;
    const ledgers = Array.from({ length: writers }, () =>
      createPostgresLedger({ connectionString: server.url, max: 1 }, { schema }),
    );
    await ledgers[0]!.migrate();
    const perWriter = 400;
    const started = performance.now();
    await Promise.all(
      ledgers.map(async (ledger) => {
        for (let index = 0; index < perWriter; index += 1) await ledger.append([translatorLine(index + 1)]);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    let lines = 0;
    const reading = performance.now();
    for await (const entry of ledgers[0]!.entries()) {
      lines += 1;
      if (entry.cost === undefined) throw new Error('unreadable line');
    }
    const readSeconds = (performance.now() - reading) / 1000;
    rows.push([
      `append, ${writers} writer(s), 1 line per transaction (appends/s)`,
      (writers * perWriter) / seconds,
      `reads back ${formatNumber(lines / readSeconds)} lines/s`,
    ]);
    await Promise.all(ledgers.map((ledger) => ledger.close()));
  }
  const ledger = createPostgresLedger(server.url, { schema: 'bench_batch' });
  const batchStarted = performance.now();
  for (let batch = 0; batch < 20; batch += 1) {
    await ledger.append(Array.from({ length: 500 }, (_, index) => translatorLine(index + 1)));
  }
  rows.push([
    'append, 1 writer, 500 lines per transaction (lines/s)',
    10_000 / ((performance.now() - batchStarted) / 1000),
    '',
  ]);
  await ledger.close();
  for (const workers of [1, 4]) {
    const schema = `bench_budget_${workers}`;
    const budgets = Array.from({ length: workers }, () =>
      createPostgresBudgets({ connectionString: server.url, max: 1 }, { schema }),
    );
    await budgets[0]!.ledger.migrate();
    const perWorker = 200;
    const started = performance.now();
    await Promise.all(
      budgets.map(async (store, worker) => {
        for (let index = 0; index < perWorker; index += 1) {
          const jobId = `J-${worker}-${index}`;
          const lease = await store.reserve({
            jobId,
            organisation: 'force-a',
            caseReference: 'OP-KESTREL',
            currency: 'GBP',
            amount: '1',
            caps: { case: '1000000', organisation: '1000000' },
          });
          await store.settle(lease, [translatorLine(1000, { jobId })]);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    rows.push([
      `budget reserve + settle, ${workers} worker(s), one case (pairs/s)`,
      (workers * perWorker) / seconds,
      '',
    ]);
    await Promise.all(budgets.map((store) => store.close()));
  }
} finally {
  await server.stop();
}
process.stdout.write(
  `${renderTable('PostgreSQL ledger (throwaway local cluster, fsync off)', ['operation', 'per second', 'note'], rows)}\n`,
);
