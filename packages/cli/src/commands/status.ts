import { parseArgs } from 'node:util';
import { cancelJob, getJobStatus, type JobQueue, type JobStatus, openJobQueue } from '@toex/service';
import type { Command } from '../command';
import { ExitCode } from '../io';
import { UsageError } from '../usage-error';
import { redisUrlOption, redisUsage } from './queue-options';

const statusUsage = `Usage: toex status [JOB...] --redis URL [--json]

Prints one line per job: its id, state (waiting, active, completed, failed or cancelled), progress,
output, manifest and any error. Without JOB, the most recent jobs (up to 100). Finished jobs are kept
for a day.

Options:
${redisUsage}
  --json                  one JSON line per job: {"jobId","state","progress","output","manifest","error",…}

Exit codes: 0 every job was found; 1 some job is unknown.
`;

/** `toex status`: where queued jobs are. */
export const statusCommand: Command = {
  path: ['status'],
  summary: 'show the state, progress and output of queued jobs',
  usage: statusUsage,
  async run(argv, io) {
    const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, 'toex status');
    const queue = openJobQueue({
      redis: redisUrlOption(values.redis as string | undefined, io.env, 'toex status'),
    });
    try {
      const ids = positionals.length > 0 ? positionals : await recentJobIds(queue);
      let unknown = false;
      for (const id of ids) {
        const status = await getJobStatus(queue, id);
        if (status.state === 'unknown') unknown = true;
        io.stdout.write(
          (values as { json?: boolean }).json === true
            ? `${JSON.stringify(statusRecord(status))}\n`
            : `${statusLine(status)}\n`,
        );
      }
      return unknown ? ExitCode.failure : ExitCode.ok;
    } finally {
      await queue.close();
    }
  },
};

const cancelUsage = `Usage: toex cancel JOB --redis URL

Cancels a queued job: a waiting job is removed from the queue; a running one is stopped by its worker
within about a second (requests on the wire are abandoned, no output is written) and ends cancelled.
A finished job is left as it is.

Options:
${redisUsage}

Exit codes: 0 cancelled (or stopping); 1 the job had already finished or is unknown.
`;

/** `toex cancel`: removes a waiting job or stops a running one. */
export const cancelCommand: Command = {
  path: ['cancel'],
  summary: 'cancel a queued or running job',
  usage: cancelUsage,
  async run(argv, io) {
    const { values, positionals } = parse(argv, {}, 'toex cancel');
    if (positionals.length !== 1) throw new UsageError('give one job id: toex cancel JOB --redis URL.');
    const jobId = positionals[0]!;
    const queue = openJobQueue({
      redis: redisUrlOption(values.redis as string | undefined, io.env, 'toex cancel'),
    });
    try {
      const outcome = await cancelJob(queue, jobId);
      switch (outcome.state) {
        case 'cancelled':
          io.stdout.write(`${jobId} cancelled\n`);
          return ExitCode.ok;
        case 'active':
          io.stdout.write(
            `${jobId} is running: its worker stops it within about a second (toex status ${jobId})\n`,
          );
          return ExitCode.ok;
        case 'unknown':
          io.stderr.write(
            `toex: no job ${jobId} on this queue (never queued, or removed a day after it finished).\n`,
          );
          return ExitCode.failure;
        default:
          io.stderr.write(
            `toex: job ${jobId} has already ${outcome.state === 'completed' ? 'completed' : 'failed'}; nothing to cancel.\n`,
          );
          return ExitCode.failure;
      }
    } finally {
      await queue.close();
    }
  },
};

function parse(argv: string[], extra: Record<string, { type: 'boolean' }>, command: string) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { redis: { type: 'string' }, ...extra },
    });
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message.replace(/\. To specify.*$/s, '.')} See '${command} --help'.`,
    );
  }
}

async function recentJobIds(queue: JobQueue): Promise<string[]> {
  const jobs = await queue.queue.getJobs(
    ['active', 'waiting', 'delayed', 'prioritized', 'completed', 'failed'],
    0,
    99,
  );
  return jobs.flatMap((job) => (job?.id === undefined ? [] : [job.id]));
}

function statusRecord(status: JobStatus) {
  return {
    jobId: status.jobId,
    state: status.state,
    progress: status.state === 'completed' ? 100 : (status.progress?.percent ?? 0),
    rowsDone: status.result?.rows ?? status.progress?.rowsDone ?? 0,
    input: status.input ?? null,
    output: status.output ?? null,
    manifest: status.manifest ?? null,
    error: status.error ?? null,
    ...(status.result === undefined
      ? {}
      : {
          failedRows: status.result.failedRows,
          billedCharacters: status.result.billedCharacters,
          cost: status.result.cost,
          exitCode: status.result.exitCode,
        }),
    ...(status.takeovers === undefined ? {} : { takeovers: status.takeovers }),
  };
}

function statusLine(status: JobStatus): string {
  const record = statusRecord(status);
  const parts = [status.jobId, status.state.padEnd(9), `${String(record.progress).padStart(3)}%`];
  if (status.output !== undefined) parts.push(status.output);
  if (status.manifest !== undefined) parts.push(`manifest ${status.manifest}`);
  if (status.error !== undefined) parts.push(`error ${status.error.code}: ${status.error.message}`);
  return parts.join('  ');
}
