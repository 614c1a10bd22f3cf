import { resolve } from 'node:path';
import { delay } from '@toex/core';
import {
  getJobStatus,
  type JobQueue,
  type JobStatus,
  openJobQueue,
  type SubmittedJob,
  submitJob,
} from '@toex/service';
import type { Command } from '../command';
import { recordedCommandLine } from '../command-line';
import { type CliIo, ExitCode } from '../io';
import { UsageError } from '../usage-error';
import { redisUrlOption, redisUsage } from './queue-options';
import { parseTranslateArgumentsWith, type TranslateArguments } from './translate-arguments';

const usage = `Usage: toex submit translate INPUT... --to LANG --redis URL [translate options] [options]

Queues one translate job per input for the workers (toex worker). Inputs and outputs travel by path:
give paths on a volume every worker sees. The outputs and manifests are exactly those of toex translate:
by default <input stem>.translated.csv beside each input. No key travels with a job: workers use their own.

Options:
${redisUsage}
  --case REF              case reference: for the ledger, budgets and toex purge --case
  --org NAME              paying organisation for the ledger
  --case-budget AMOUNT    most everything charged to the case (--case) may cost, counting the ledger
                          and every running job, held in the workers' PostgreSQL ledger; a job that
                          finds it spent marks its rows failed:budget_exceeded (exit 3). Needs --case,
                          and workers started with --ledger postgres://…
  --org-budget AMOUNT     the same for everything charged to the organisation (--org). Needs --org
  --json                  one JSON line per job: {"jobId","input","output"}
  --wait                  wait for the jobs, print each one's end, and exit as toex translate would
                          (0 ok; 3 budget; 4 failed rows; 1 a job failed or was cancelled)
  --out FILE              output file (one input only)
  --to, --from, --provider, --endpoint, --api-version, --input-format, --column, --field, --encoding,
  --glossary, --budget, --currency, --fx, --fx-file, --prices, --concurrency, --max-retries
                          as for toex translate (see toex translate --help); paths are resolved here
                          and must be valid on the workers too

Not here: --cache/--no-cache (workers share one translation memory in Redis), --estimate (run
toex translate --estimate), --chars-per-minute and --ledger (the workers' settings).
`;

const refused: ReadonlyArray<[keyof TranslateArguments, string]> = [
  ['estimate', '--estimate: run toex translate --estimate INPUT for an estimate'],
  [
    'charactersPerMinute',
    "--chars-per-minute: the quota is the workers' setting (toex worker --chars-per-minute)",
  ],
  ['ledger', "--ledger: the ledger is the workers' setting (toex worker --ledger)"],
];

/** `toex submit translate`: queues translate jobs for the workers. */
export const submitTranslateCommand: Command = {
  path: ['submit', 'translate'],
  summary: 'queue translate jobs for the workers (toex worker)',
  usage,
  async run(argv, io, signal) {
    const parsed = parseTranslateArgumentsWith(argv, {
      extra: {
        redis: { type: 'string' },
        wait: { type: 'boolean' },
        'case-budget': { type: 'string' },
        'org-budget': { type: 'string' },
      },
      multipleInputs: true,
      command: 'toex submit translate',
    });
    const args = parsed.arguments;
    for (const [name, message] of refused) {
      if (args[name] !== undefined && args[name] !== false)
        throw new UsageError(`not for queued jobs: ${message}.`);
    }
    if (argv.includes('--cache') || argv.includes('--no-cache')) {
      throw new UsageError(
        'not for queued jobs: --cache/--no-cache (the workers share one translation memory in Redis).',
      );
    }
    if (args.out !== undefined && parsed.inputs.length > 1) {
      throw new UsageError('--out names one output: give one input with it, or let each output default.');
    }
    const budgets = sharedBudgets(parsed.extraValues, args);
    const redis = redisUrlOption(
      parsed.extraValues.redis as string | undefined,
      io.env,
      'toex submit translate',
    );
    const queue = openJobQueue({ redis });
    try {
      const submitted: SubmittedJob[] = [];
      for (const input of parsed.inputs) {
        const job = await submitJob(queue, {
          ...submission(args, input, io, ['submit', 'translate', ...argv]),
          ...budgets,
        });
        submitted.push(job);
        io.stdout.write(
          args.json ? `${JSON.stringify(job)}\n` : `queued ${job.jobId}  ${job.input} → ${job.output}\n`,
        );
      }
      if (parsed.extraValues.wait !== true) return ExitCode.ok;
      return await waitForJobs(queue, submitted, args.json, io, signal);
    } finally {
      await queue.close();
    }
  },
};

const amountPattern = /^\d+(\.\d+)?$/;

/** `--case-budget` and `--org-budget`, checked against `--case` and `--org`. */
function sharedBudgets(
  values: Record<string, unknown>,
  args: TranslateArguments,
): { caseBudget?: string; organisationBudget?: string } {
  const caseBudget = values['case-budget'] as string | undefined;
  const organisationBudget = values['org-budget'] as string | undefined;
  for (const [flag, value] of [
    ['--case-budget', caseBudget],
    ['--org-budget', organisationBudget],
  ] as const) {
    if (value !== undefined && !amountPattern.test(value))
      throw new UsageError(`${flag} takes an amount like 500 or 12.50, not "${value}".`);
  }
  if (caseBudget !== undefined && args.caseReference === undefined) {
    throw new UsageError('--case-budget needs --case REF: the case whose spending it caps.');
  }
  if (organisationBudget !== undefined && args.organisation === undefined) {
    throw new UsageError('--org-budget needs --org NAME: the organisation whose spending it caps.');
  }
  return {
    ...(caseBudget === undefined ? {} : { caseBudget }),
    ...(organisationBudget === undefined ? {} : { organisationBudget }),
  };
}

function submission(args: TranslateArguments, input: string, io: CliIo, argv: readonly string[]) {
  const at = (path: string) => resolve(io.cwd, path);
  return {
    kind: 'translate' as const,
    input: at(input),
    ...(args.out === undefined ? {} : { output: at(args.out) }),
    to: args.to,
    provider: args.provider,
    command: recordedCommandLine(argv),
    ...(args.from === undefined ? {} : { from: args.from }),
    ...(args.endpoint === undefined ? {} : { endpoint: args.endpoint }),
    ...(args.apiVersion === undefined ? {} : { apiVersion: args.apiVersion }),
    ...(args.inputFormat === undefined ? {} : { inputFormat: args.inputFormat }),
    ...(args.columns.length === 0 ? {} : { columns: args.columns }),
    ...(args.fields.length === 0 ? {} : { fields: args.fields }),
    ...(args.encoding === undefined ? {} : { encoding: args.encoding }),
    ...(args.glossary === undefined ? {} : { glossary: at(args.glossary) }),
    ...(args.budget === undefined ? {} : { budget: args.budget }),
    ...(args.currency === undefined ? {} : { currency: args.currency }),
    ...(args.prices === undefined ? {} : { prices: at(args.prices) }),
    ...(args.fx.length === 0 ? {} : { fx: args.fx }),
    ...(args.fxFile === undefined ? {} : { fxFile: at(args.fxFile) }),
    ...(args.concurrency === undefined ? {} : { concurrency: args.concurrency }),
    ...(args.maxRetries === undefined ? {} : { maxRetries: args.maxRetries }),
    ...(args.caseReference === undefined ? {} : { caseReference: args.caseReference }),
    ...(args.organisation === undefined ? {} : { organisation: args.organisation }),
  };
}

const finished = new Set(['completed', 'failed', 'cancelled', 'unknown']);

/** Waits for every job to end, prints each end, and returns the exit code `toex translate` would. */
async function waitForJobs(
  queue: JobQueue,
  jobs: readonly SubmittedJob[],
  json: boolean,
  io: CliIo,
  signal: AbortSignal,
): Promise<ExitCode> {
  const pending = new Set(jobs.map((job) => job.jobId));
  const codes: ExitCode[] = [];
  while (pending.size > 0) {
    for (const jobId of [...pending]) {
      const status = await getJobStatus(queue, jobId);
      if (!finished.has(status.state)) continue;
      pending.delete(jobId);
      codes.push(exitCodeOf(status));
      io.stdout.write(
        json ? `${JSON.stringify({ event: 'finished', ...status })}\n` : `${describeEnd(status)}\n`,
      );
    }
    if (pending.size > 0) await delay(500, signal);
  }
  for (const code of [ExitCode.failure, ExitCode.budget, ExitCode.failedRows]) {
    if (codes.includes(code)) return code;
  }
  return ExitCode.ok;
}

function exitCodeOf(status: JobStatus): ExitCode {
  if (status.state === 'completed') return (status.result?.exitCode ?? 0) as ExitCode;
  if (status.state === 'failed' && status.error?.code === 'budget_exceeded') return ExitCode.budget;
  return ExitCode.failure;
}

function describeEnd(status: JobStatus): string {
  if (status.state === 'completed' && status.result !== undefined) {
    const { result } = status;
    return `${status.jobId} completed: ${result.output} (${result.rows} rows, ${result.failedRows} failed; ${result.billedCharacters} characters billed${result.cost === null ? '' : `, ${result.cost.amount} ${result.cost.currency}`})`;
  }
  return `${status.jobId} ${status.state}${status.error === undefined ? '' : `: ${status.error.message}`}`;
}
