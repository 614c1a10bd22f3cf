import type { ToexWorkerOptions } from './create-worker';

/** Options of {@link openSharedServices}. */
export interface SharedServicesOptions {
  /** The Redis that holds the queue, the shared memory and the shared quota. */
  redis: string;
  /** The provider key's quota in characters a minute; absent: no shared pacing. */
  charactersPerMinute?: number;
  /** The quota's window in milliseconds. Default 60,000. */
  quotaWindowMs?: number;
  /** The worker's environment, where provider keys are (their fingerprints key the shared quota). */
  env: Record<string, string | undefined>;
}

/** What a worker shares with every other worker through Redis. */
export interface SharedServices {
  /** The memory and quota options to give {@link createWorker}. */
  workerOptions: Pick<ToexWorkerOptions, 'memoryFor' | 'rateLimiterFor'>;
  /** One line saying what is shared, for the worker's log. */
  description: string;
  close(): Promise<void>;
}

/**
 * Opens the translation memory and quota limiter every worker on this Redis shares.
 *
 * Interim: the Redis content store and rate limiter are built on their own branch; until they are
 * merged, a worker shares only the queue.
 */
export async function openSharedServices(_options: SharedServicesOptions): Promise<SharedServices> {
  return { workerOptions: {}, description: 'sharing the queue only', close: async () => {} };
}
