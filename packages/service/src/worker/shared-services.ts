import type { RateLimiter } from '@toex/core';
import type { StoredTranslation, TranslationProvider } from '@toex/translate';
import type { Redis } from 'ioredis';
import { connectRedis } from '../redis/connect-redis';
import { createRedisContentStore } from '../redis/redis-content-store';
import { createRedisRateLimiter, type RedisRateLimiter } from '../redis/redis-rate-limiter';
import type { ToexWorkerOptions } from './create-worker';

/** Options of {@link openSharedServices}. */
export interface SharedServicesOptions {
  /** The Redis that holds the queue, the shared memory and the shared quota. */
  redis: string;
  /** The provider key's quota in characters per window; absent: no shared pacing. */
  charactersPerMinute?: number;
  /** The quota's window in milliseconds. Default 60,000 (a minute, as `--chars-per-minute` says). */
  quotaWindowMs?: number;
  /** The worker's environment, where provider keys are (their fingerprints key the shared quota). */
  env: Record<string, string | undefined>;
  /** Key namespace of the memory and the quota; default `toex:`. */
  prefix?: string;
  /** How long a memory entry lives after it was last written, in milliseconds; default 90 days. */
  memoryExpiryMs?: number | false;
}

/** What a worker shares with every other worker through Redis. */
export interface SharedServices {
  /** The memory and quota options to give {@link createWorker}. */
  workerOptions: Pick<ToexWorkerOptions, 'memoryFor' | 'rateLimiterFor'>;
  /** One line saying what is shared, for the worker's log. */
  description: string;
  /** Closes the limiters and the connection. */
  close(): Promise<void>;
}

/** Where each provider's key is, so workers with the same key share its quota (by fingerprint). */
const keyVariables: Record<string, readonly string[]> = {
  azure: ['AZURE_TRANSLATOR_KEY'],
  deepl: ['DEEPL_API_KEY'],
  google: ['GOOGLE_TRANSLATE_API_KEY'],
  'google-v3': ['GOOGLE_APPLICATION_CREDENTIALS'],
  libretranslate: ['LIBRETRANSLATE_API_KEY'],
  amazon: ['AWS_ACCESS_KEY_ID'],
  openai: ['OPENAI_API_KEY'],
};

/**
 * Opens the translation memory and the quota limiter every worker on this Redis shares: one memory
 * (each job's store records its case, so `toex purge --case` finds its entries), and one sliding-window
 * limiter per provider, endpoint and key fingerprint, so every worker given the same quota for the same
 * key paces together and a 429 slows them all.
 */
export async function openSharedServices(options: SharedServicesOptions): Promise<SharedServices> {
  const client: Redis = connectRedis(options.redis, { maxRetriesPerRequest: null });
  client.on('error', () => {});
  const limiters = new Map<string, RedisRateLimiter>();
  const { charactersPerMinute } = options;
  const windowMs = options.quotaWindowMs ?? 60_000;
  const rateLimiterFor =
    charactersPerMinute === undefined
      ? undefined
      : (provider: TranslationProvider): RateLimiter => {
          const apiKey = (keyVariables[provider.id] ?? [])
            .map((name) => options.env[name])
            .find((value) => value !== undefined && value !== '');
          const scope = {
            providerId: provider.id,
            endpoint: provider.endpoint,
            ...(apiKey === undefined ? {} : { apiKey }),
          };
          const id = JSON.stringify([scope.providerId, scope.endpoint, apiKey ?? '']);
          let limiter = limiters.get(id);
          if (limiter === undefined) {
            limiter = createRedisRateLimiter({
              redis: client,
              scope,
              budgets: [{ unit: 'characters', limit: charactersPerMinute, windowMs }],
              ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
            });
            limiters.set(id, limiter);
          }
          return limiter;
        };
  return {
    workerOptions: {
      memoryFor: (job) =>
        createRedisContentStore<StoredTranslation>({
          redis: client,
          ...(job.caseReference === undefined ? {} : { caseReference: job.caseReference }),
          ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
          ...(options.memoryExpiryMs === undefined ? {} : { expiryMs: options.memoryExpiryMs }),
        }),
      ...(rateLimiterFor === undefined ? {} : { rateLimiterFor }),
    },
    description:
      charactersPerMinute === undefined
        ? 'sharing the queue and the translation memory'
        : `sharing the queue, the translation memory and a quota of ${charactersPerMinute} characters per ${windowMs / 1000} s per provider key`,
    async close() {
      await Promise.all([...limiters.values()].map((limiter) => limiter.close()));
      client.disconnect();
    },
  };
}
