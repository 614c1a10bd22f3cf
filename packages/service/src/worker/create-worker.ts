import {
  type ContentStore,
  type FetchFunction,
  type RateLimiter,
  redactSecrets,
  ToexAbortError,
  ToexError,
} from '@toex/core';
import type { Ledger } from '@toex/costing';
import type { StoredTranslation, TranslationProvider } from '@toex/translate';
import { type ConnectionOptions, type Job, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { PostgresBudgets } from '../postgres/postgres-budgets';
import { cancelKey, TOEX_QUEUE_NAME } from '../queue/job-queue';
import { CANCELLED_REASON } from '../queue/job-status';
import { FINISHED_JOB_RETENTION_SECONDS } from '../queue/submit-job';
import { type JobPayload, jobPayloadSchema, type TranslateJobPayload } from '../queue/translate-job-payload';
import type { TranslateJobResult } from '../queue/translate-job-result';
import { redactRedisUrl } from '../redis/redact-redis-url';
import { redisConnectionOptions } from '../redis/redis-connection';
import { runTranslateJob } from './run-translate-job';

/** Options of {@link createWorker}. */
export interface ToexWorkerOptions {
  /** `redis://…` or `rediss://…` (TLS) of the queue. */
  redis: string;
  /** Key prefix of the queue, as given to `openJobQueue`. Default `toex`. */
  prefix?: string;
  /** Jobs this worker runs at once. Default 1. */
  concurrency?: number;
  /**
   * Opens the shared translation memory for a job (a Redis content store across workers, tracking the
   * job's case so it can be purged); closed when the job ends. Absent: no memory, and a job taken over
   * after a kill sends everything again.
   */
  memoryFor?: (job: TranslateJobPayload) => ContentStore<StoredTranslation>;
  /** The shared quota limiter for a provider (keyed by provider, endpoint and key fingerprint). */
  rateLimiterFor?: (provider: TranslationProvider) => RateLimiter | undefined;
  /** The quota every worker paces to, in characters a minute: sizes requests to fill it. */
  charactersPerMinute?: number;
  /** Where each job's cost is recorded when it completes (a file or PostgreSQL ledger). */
  ledger?: Ledger;
  /**
   * Case and organisation budgets shared by every worker (`createPostgresBudgets`, on the same database
   * as `ledger`). Jobs submitted with `caseBudget` or `organisationBudget` reserve their estimated cost
   * here before sending; without it such a job fails with a `ConfigurationError`.
   */
  budgets?: PostgresBudgets;
  /** Provider keys and settings. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Replaces the providers' HTTP transport (tests, embedding apps). */
  fetch?: FetchFunction;
  /**
   * How long a job's lock lasts without renewal, in milliseconds: a killed worker's job is free this
   * long after its last renewal. Default 30,000.
   */
  lockDurationMs?: number;
  /** How often this worker looks for jobs whose worker died, in milliseconds. Default 30,000. */
  stalledIntervalMs?: number;
  /** Takeovers after which a job is failed instead of run again (a job that kills its workers). Default 3. */
  maxTakeovers?: number;
  /** Told what the worker does, one line at a time, redacted. */
  log?: (line: string) => void;
}

/** A running worker. */
export interface ToexWorker {
  /** The BullMQ worker, for hosts that need more than toex's operations. */
  readonly worker: Worker<JobPayload, TranslateJobResult>;
  /** Jobs running now. */
  readonly activeJobs: number;
  /**
   * Stops taking jobs, asks the running ones to stop gracefully (requests on the wire are answered and
   * stored in the shared memory), puts them back on the queue for another worker, and closes. A job
   * that completes meanwhile completes.
   */
  close(): Promise<void>;
}

interface RunningJob {
  cancel: AbortController;
  stop: AbortController;
}

/**
 * Starts a worker that runs queued translate jobs with `translateFile`, on the shared memory, quota and
 * ledger given. Keys come from the worker's environment, never from a job. A job whose worker dies is
 * taken over by another worker once its lock expires (`lockDurationMs`, checked every
 * `stalledIntervalMs`), and resumes from the shared memory without paying twice.
 */
export function createWorker(options: ToexWorkerOptions): ToexWorker {
  const connection = redisConnectionOptions(options.redis, { waitForever: true });
  // ioredis's options, which BullMQ passes to ioredis; its own declaration of them is looser.
  const bullConnection = connection as ConnectionOptions;
  const prefix = options.prefix ?? 'toex';
  const log = (line: string) => options.log?.(redactSecrets(line));
  const running = new Map<string, RunningJob>();
  const control = new Redis(connection);
  control.on('error', () => {});
  let closing = false;

  const processor = async (
    job: Job<JobPayload, TranslateJobResult>,
    token?: string,
    signal?: AbortSignal,
  ): Promise<TranslateJobResult> => {
    const jobId = job.id!;
    const parsed = jobPayloadSchema.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(
        `invalid_job: the job's payload is not valid: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}.`,
      );
    }
    if ((await control.exists(cancelKey(prefix, jobId))) === 1)
      throw new UnrecoverableError(CANCELLED_REASON);
    const job$ = { cancel: new AbortController(), stop: new AbortController() };
    running.set(jobId, job$);
    signal?.addEventListener('abort', () => job$.cancel.abort(signal.reason), { once: true });
    if (closing) job$.stop.abort(new Error('worker stopping'));
    const payload = parsed.data;
    log(
      `job ${jobId}: ${payload.input} → ${payload.output}${job.stalledCounter > 0 ? ` (taken over, attempt ${job.stalledCounter + 1})` : ''}`,
    );
    const memory = options.memoryFor?.(payload);
    try {
      const result = await runTranslateJob(
        payload,
        jobId,
        {
          env: options.env ?? process.env,
          ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
          ...(memory === undefined ? {} : { store: memory }),
          ...(options.rateLimiterFor === undefined ? {} : { rateLimiterFor: options.rateLimiterFor }),
          ...(options.charactersPerMinute === undefined
            ? {}
            : { charactersPerMinute: options.charactersPerMinute }),
          ...(options.ledger === undefined ? {} : { ledger: options.ledger }),
          ...(options.budgets === undefined ? {} : { budgets: options.budgets }),
          report: (line) => log(`job ${jobId}: ${line.trimEnd()}`),
        },
        {
          signal: job$.cancel.signal,
          stopSignal: job$.stop.signal,
          onProgress: (progress) => {
            job.updateProgress(progress).catch(() => {});
          },
        },
      );
      log(
        `job ${jobId}: completed, ${result.rows} rows, ${result.failedRows} failed, ${result.billedCharacters} characters billed`,
      );
      return result;
    } catch (error) {
      if (job$.cancel.signal.aborted) {
        log(`job ${jobId}: cancelled`);
        throw new UnrecoverableError(CANCELLED_REASON);
      }
      if (job$.stop.signal.aborted && ToexAbortError.isInstance(error) && token !== undefined) {
        // Released, not failed: what came back is in the shared memory, and the next worker resumes it.
        await job.moveToWait(token);
        log(`job ${jobId}: released to the queue`);
        throw new WaitingError();
      }
      const code = ToexError.isInstance(error) ? error.code : 'job_failed';
      const message = redactSecrets(error instanceof Error ? error.message : String(error));
      log(`job ${jobId}: failed: ${code}: ${message}`);
      throw new UnrecoverableError(`${code}: ${message}`);
    } finally {
      running.delete(jobId);
      await memory?.close().catch(() => {});
    }
  };

  const worker = new Worker<JobPayload, TranslateJobResult>(TOEX_QUEUE_NAME, processor, {
    connection: bullConnection,
    prefix,
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxTakeovers ?? 3,
    removeOnComplete: { age: FINISHED_JOB_RETENTION_SECONDS },
    removeOnFail: { age: FINISHED_JOB_RETENTION_SECONDS },
    // An idle worker notices a close within a second rather than the default 5.
    drainDelay: 1,
  });
  worker.on('error', (error) => log(`worker: ${error.message} (${redactRedisUrl(options.redis)})`));

  // A cancel is a mark in Redis: every second, running jobs that carry one are aborted.
  const cancelWatch = setInterval(() => {
    if (running.size === 0) return;
    const ids = [...running.keys()];
    control
      .mget(ids.map((id) => cancelKey(prefix, id)))
      .then((marks) => {
        marks.forEach((mark, index) => {
          if (mark !== null) running.get(ids[index]!)?.cancel.abort(new Error('cancelled'));
        });
      })
      .catch(() => {});
  }, 1_000);
  cancelWatch.unref();

  return {
    worker,
    get activeJobs() {
      return running.size;
    },
    async close() {
      closing = true;
      for (const job of running.values()) job.stop.abort(new Error('worker stopping'));
      clearInterval(cancelWatch);
      await worker.close();
      control.disconnect();
    },
  };
}
