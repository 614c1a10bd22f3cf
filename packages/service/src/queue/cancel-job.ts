import { cancelKey, type JobQueue } from './job-queue';
import type { JobState } from './job-status';
import { getJobStatus } from './job-status';
import { FINISHED_JOB_RETENTION_SECONDS } from './submit-job';

/** What {@link cancelJob} did. */
export interface CancelOutcome {
  jobId: string;
  /** The job's state after the request: `cancelled`, or `active` while its worker stops it. */
  state: JobState | 'unknown';
}

/**
 * Cancels a job: a waiting one is removed from the queue; an active one is marked, and its worker
 * (which checks every second) aborts it: requests on the wire are cancelled, no output is written,
 * and the job ends `cancelled`. A finished job is left as it is.
 */
export async function cancelJob(queue: JobQueue, jobId: string): Promise<CancelOutcome> {
  const job = await queue.queue.getJob(jobId);
  if (job === undefined) return { jobId, state: (await getJobStatus(queue, jobId)).state };
  const state = await job.getState();
  if (state === 'completed' || state === 'failed')
    return { jobId, state: (await getJobStatus(queue, jobId)).state };
  // Marked first: a worker taking the job between these two steps sees the mark and stops at once.
  await queue.redis.set(cancelKey(queue.prefix, jobId), '1', 'EX', FINISHED_JOB_RETENTION_SECONDS);
  if (state !== 'active') {
    try {
      await job.remove();
      return { jobId, state: 'cancelled' };
    } catch {
      // Taken by a worker meanwhile (it holds the lock): the mark stops it.
    }
  }
  return { jobId, state: 'active' };
}
