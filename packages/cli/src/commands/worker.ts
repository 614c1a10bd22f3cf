import { parseArgs } from 'node:util';
import { createPostgresBudgets, createWorker, openSharedServices } from '@toex/service';
import { positiveInteger } from '../argument-values';
import type { Command } from '../command';
import { ExitCode } from '../io';
import { databaseUrlPattern, openLedger } from '../open-ledger';
import { UsageError } from '../usage-error';
import { redisUrlOption, redisUsage } from './queue-options';

const usage = `Usage: toex worker --redis URL [options]

Runs queued jobs (toex submit) until SIGTERM or SIGINT, then lets the jobs in hand stop gracefully
(requests on the wire are answered and kept) and puts them back on the queue for another worker. An
idle worker exits within seconds. A worker that dies (killed, machine lost) has its jobs taken over by
another worker once their lock expires; they resume from the shared translation memory without
paying twice, and produce the same output as an uninterrupted run.

Provider keys come from this worker's environment (AZURE_TRANSLATOR_KEY, DEEPL_API_KEY, …), never
from a job.

Options:
${redisUsage}
  --concurrency N         jobs this worker runs at once (default 1)
  --chars-per-minute N    the provider key's quota; every worker given the same N for the same key
                          (provider, endpoint, key) shares one limiter in Redis and stays under it
  --ledger FILE|postgres://USER@HOST:PORT/DB
                          record each job's cost in this ledger (a file on a shared volume, or
                          PostgreSQL; the password from PGPASSWORD or ~/.pgpass). Jobs submitted
                          with --case-budget or --org-budget need PostgreSQL: their cost is reserved
                          there, so workers together never overspend a case or organisation
  --lock-duration SECONDS how long a lost worker's job stays locked before another worker takes it
                          over (default 30; takeover within about twice this)

Example:
  AZURE_TRANSLATOR_KEY=… toex worker --redis rediss://toex:PASSWORD@redis.internal:6380/0 \\
    --concurrency 2 --chars-per-minute 2000000 --ledger postgres://toex@db.internal:5432/toex
`;

/** `toex worker`: runs queued jobs on this machine until told to stop. */
export const workerCommand: Command = {
  path: ['worker'],
  summary: 'run queued jobs (Redis/BullMQ) until SIGTERM or SIGINT',
  usage,
  async run(argv, io, signal, stopSignal) {
    const { values } = parse(argv);
    const redis = redisUrlOption(values.redis, io.env, 'toex worker');
    const charactersPerMinute = positiveInteger('--chars-per-minute', values['chars-per-minute']);
    const lockSeconds = positiveInteger('--lock-duration', values['lock-duration']) ?? 30;
    // A PostgreSQL ledger also holds the case and organisation budgets jobs carry (--case-budget).
    const budgets =
      values.ledger !== undefined && databaseUrlPattern.test(values.ledger)
        ? createPostgresBudgets(values.ledger)
        : undefined;
    const ledger =
      values.ledger === undefined || budgets !== undefined
        ? undefined
        : await openLedger(values.ledger, io.cwd);
    const shared = await openSharedServices({
      redis,
      ...(charactersPerMinute === undefined ? {} : { charactersPerMinute }),
      env: io.env,
    });
    const worker = createWorker({
      redis,
      concurrency: positiveInteger('--concurrency', values.concurrency) ?? 1,
      lockDurationMs: lockSeconds * 1_000,
      stalledIntervalMs: lockSeconds * 1_000,
      env: io.env,
      ...(io.fetch === undefined ? {} : { fetch: io.fetch }),
      ...(charactersPerMinute === undefined ? {} : { charactersPerMinute }),
      ...(ledger === undefined ? {} : { ledger: ledger.ledger }),
      ...(budgets === undefined ? {} : { ledger: budgets.ledger, budgets }),
      ...shared.workerOptions,
      log: (line) => io.stderr.write(`${new Date().toISOString()} ${line}\n`),
    });
    io.stderr.write(
      `${new Date().toISOString()} worker ready: ${shared.description}; stop with SIGTERM or Ctrl-C\n`,
    );
    await new Promise<void>((done) => {
      const finish = () => done();
      if (stopSignal?.aborted || signal.aborted) return done();
      stopSignal?.addEventListener('abort', finish, { once: true });
      signal.addEventListener('abort', finish, { once: true });
    });
    io.stderr.write(
      `${new Date().toISOString()} stopping: ${worker.activeJobs} job(s) in hand go back to the queue once their requests in flight are answered\n`,
    );
    await worker.close();
    await shared.close();
    await ledger?.close();
    await budgets?.close();
    io.stderr.write(`${new Date().toISOString()} worker stopped\n`);
    return ExitCode.ok;
  },
};

function parse(argv: string[]) {
  try {
    const parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        redis: { type: 'string' },
        concurrency: { type: 'string' },
        'chars-per-minute': { type: 'string' },
        ledger: { type: 'string' },
        'lock-duration': { type: 'string' },
      },
    });
    return parsed;
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message.replace(/\. To specify.*$/s, '.')} See 'toex worker --help'.`,
    );
  }
}
