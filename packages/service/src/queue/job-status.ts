import { redactSecrets } from '@toex/core';
import { cancelKey, type JobQueue } from './job-queue';
import type { JobProgress, TranslateJobResult } from './translate-job-result';

/** Where a job is: `waiting` covers queued and delayed jobs. */
export type JobState = 'waiting' | 'active' | 'completed' | 'failed' | 'cancelled';

/** A job's state and what it has produced, as {@link getJobStatus} reports it. */
export interface JobStatus {
  jobId: string;
  /** `unknown` when Redis holds no such job (never queued, or removed after its retention). */
  state: JobState | 'unknown';
  input?: string;
  /** Where the output is (or will be) written. */
  output?: string;
  /** The manifest beside the output, written when the job completes. */
  manifest?: string;
  progress?: JobProgress;
  /** The figures of a completed job. */
  result?: TranslateJobResult;
  /** Why the job failed or was cancelled. */
  error?: { code: string; message: string };
  /** Times a worker was lost while running it and another took over (BullMQ's stalled count). */
  takeovers?: number;
}

/** The `failedReason` of a cancelled job. */
export const CANCELLED_REASON = 'cancelled: Cancelled by request (toex cancel).';

/** Reads a job's status from the queue. */
export async function getJobStatus(queue: JobQueue, jobId: string): Promise<JobStatus> {
  const job = await queue.queue.getJob(jobId);
  const cancelled = (await queue.redis.exists(cancelKey(queue.prefix, jobId))) === 1;
  if (job === undefined) {
    return cancelled
      ? { jobId, state: 'cancelled', error: parseFailedReason(CANCELLED_REASON) }
      : { jobId, state: 'unknown' };
  }
  const bullState = await job.getState();
  const payload = job.data;
  const progress = isProgress(job.progress) ? job.progress : undefined;
  const base: JobStatus = {
    jobId,
    state: 'waiting',
    input: payload.input,
    output: payload.output,
    ...(progress === undefined ? {} : { progress }),
    ...(job.stalledCounter > 0 ? { takeovers: job.stalledCounter } : {}),
  };
  switch (bullState) {
    case 'active':
      return { ...base, state: 'active' };
    case 'completed': {
      // Read before the job completed, its state after: read the job again for its result.
      const result = job.returnvalue ?? (await queue.queue.getJob(jobId))?.returnvalue;
      if (result === undefined || result === null) return { ...base, state: 'active' };
      return { ...base, state: 'completed', output: result.output, manifest: result.manifest, result };
    }
    case 'failed':
      return {
        ...base,
        state: cancelled || job.failedReason === CANCELLED_REASON ? 'cancelled' : 'failed',
        error: parseFailedReason(job.failedReason),
      };
    default:
      return base;
  }
}

/** `code: message` as the worker writes a failure, back into its parts. */
export function parseFailedReason(reason: string | undefined): { code: string; message: string } {
  const text = redactSecrets(reason ?? 'unknown failure');
  const match = /^([a-z][a-z0-9_]*): ([\s\S]*)$/.exec(text);
  return match === null ? { code: 'job_failed', message: text } : { code: match[1]!, message: match[2]! };
}

function isProgress(value: unknown): value is JobProgress {
  return typeof value === 'object' && value !== null && 'rowsDone' in value;
}
