import { type ConnectionOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { redactRedisUrl } from '../redis/redact-redis-url';
import { redisConnectionOptions } from '../redis/redis-connection';
import type { JobPayload } from './translate-job-payload';
import type { TranslateJobResult } from './translate-job-result';

/** The BullMQ queue every toex job goes to; the job's name says its kind (`translate`). */
export const TOEX_QUEUE_NAME = 'toex-jobs';

/** How a host reaches the queue. */
export interface QueueConnectionOptions {
  /** `redis://[USER:PASSWORD@]HOST:PORT[/DB]`, or `rediss://` for TLS. */
  redis: string;
  /** Key prefix of every queue key, for hosts sharing one Redis. Default `toex`. */
  prefix?: string;
}

/** An open connection to the job queue, for {@link submitJob}, {@link getJobStatus} and {@link cancelJob}. */
export interface JobQueue {
  /** The BullMQ queue, for hosts that need more than toex's operations. */
  readonly queue: Queue<JobPayload, TranslateJobResult>;
  /** A plain connection for toex's own keys (cancel requests). */
  readonly redis: Redis;
  /** The key prefix. */
  readonly prefix: string;
  /** The Redis URL with its credentials redacted, for messages. */
  readonly displayUrl: string;
  /** Closes both connections. */
  close(): Promise<void>;
}

/** Opens the job queue at `options.redis`. Close it when done. */
export function openJobQueue(options: QueueConnectionOptions): JobQueue {
  const connection = redisConnectionOptions(options.redis);
  // ioredis's options, which BullMQ passes to ioredis; its own declaration of them is looser.
  const bullConnection = connection as ConnectionOptions;
  const prefix = options.prefix ?? 'toex';
  const queue = new Queue<JobPayload, TranslateJobResult>(TOEX_QUEUE_NAME, {
    connection: bullConnection,
    prefix,
  });
  const redis = new Redis(connection);
  // Errors reach the caller through the commands; an unhandled 'error' event would end the process.
  queue.on('error', () => {});
  redis.on('error', () => {});
  return {
    queue,
    redis,
    prefix,
    displayUrl: redactRedisUrl(options.redis),
    async close() {
      await queue.close();
      redis.disconnect();
    },
  };
}

/** The key that marks a job as cancelled, read by workers and by {@link getJobStatus}. */
export function cancelKey(prefix: string, jobId: string): string {
  return `${prefix}:${TOEX_QUEUE_NAME}:toex-cancelled:${jobId}`;
}
