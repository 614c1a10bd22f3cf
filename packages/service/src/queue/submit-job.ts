import { randomUUID } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { defaultOutputPath } from '@toex/translate';
import type { z } from 'zod';
import type { JobQueue } from './job-queue';
import { ServiceError } from './service-error';
import { type JobPayload, jobPayloadSchema } from './translate-job-payload';

/** What {@link submitJob} takes: a payload whose `output` may be left to the default. */
export type JobSubmission = Omit<z.input<typeof jobPayloadSchema>, 'output'> & { output?: string };

/** A queued job. */
export interface SubmittedJob {
  jobId: string;
  input: string;
  output: string;
}

/** How long finished jobs stay in Redis for status queries: a day. */
export const FINISHED_JOB_RETENTION_SECONDS = 24 * 60 * 60;

/**
 * Queues one job. The payload is validated (paths absolute, no credentials) before anything reaches
 * Redis; the output defaults to `toex translate`'s, `<input stem>.translated.csv` beside the input.
 * Job ids are random UUIDs, so a memory entry's payer is never confused with a later job.
 */
export async function submitJob(queue: JobQueue, submission: JobSubmission): Promise<SubmittedJob> {
  const candidate = { ...submission, output: submission.output ?? defaultOutputPath(submission.input) };
  const parsed = jobPayloadSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new ServiceError({
      code: 'invalid_job',
      message: `The job for ${submission.input} is not valid: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'job'}: ${issue.message}`).join('; ')}.`,
    });
  }
  const payload: JobPayload = parsed.data;
  for (const [name, path] of [
    ['input', payload.input],
    ['output', payload.output],
  ] as const) {
    if (!isAbsolute(path)) {
      throw new ServiceError({
        code: 'invalid_job',
        message: `The job's ${name} must be an absolute path on the volume the workers share, not "${path}".`,
      });
    }
  }
  const jobId = randomUUID();
  try {
    await queue.queue.add(payload.kind, payload, {
      jobId,
      // A failure is final: the job's rows are in its output, marked, and a rerun is the user's choice.
      // A killed worker's job is not a failure: BullMQ's stalled-job check hands it to another worker.
      attempts: 1,
      removeOnComplete: { age: FINISHED_JOB_RETENTION_SECONDS },
      removeOnFail: { age: FINISHED_JOB_RETENTION_SECONDS },
    });
  } catch (error) {
    throw new ServiceError({
      code: 'redis_unavailable',
      message: `Could not queue the job for ${payload.input} on ${queue.displayUrl}: ${(error as Error).message}. Check that Redis answers there.`,
      retryable: true,
      cause: error,
    });
  }
  return { jobId, input: payload.input, output: payload.output };
}
