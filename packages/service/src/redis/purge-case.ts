import { ConfigurationError } from '@toex/core';
import type { Redis } from 'ioredis';
import { describeRedisServer } from './connect-redis';
import { toRedisError } from './redis-error';
import { caseSetKey, DEFAULT_KEY_PREFIX, memoryKey } from './redis-keys';

/** Options of {@link purgeCase}. */
export interface PurgeCaseOptions {
  /** The case whose translation-memory entries are deleted, as given to the store's `caseReference`. */
  caseReference: string;
  /** The key namespace the store was created with. Default `toex:`. */
  prefix?: string;
  /** Keys deleted per round-trip. Default 500. */
  chunkSize?: number;
}

/**
 * Deletes every translation-memory entry written for a case (`toex purge --case REF`), and the case's
 * list of them. Returns how many entries were deleted (entries already expired are not counted).
 *
 * The memory is shared, so an entry written for this case is gone for every case that would have reused
 * it: they pay for that text again. That is the point of a purge: the text no longer sits in Redis.
 * Safe to run while workers write: an entry added meanwhile is either deleted or kept in the case's list
 * for the next purge.
 */
export async function purgeCase(redis: Redis, options: PurgeCaseOptions): Promise<number> {
  if (typeof options.caseReference !== 'string' || options.caseReference === '') {
    throw new ConfigurationError({
      message: 'purgeCase needs a non-empty caseReference.',
      setting: 'caseReference',
    });
  }
  const prefix = options.prefix ?? DEFAULT_KEY_PREFIX;
  const chunkSize = options.chunkSize ?? 500;
  const setKey = caseSetKey(prefix, options.caseReference);
  let deleted = 0;
  try {
    // Entries leave the list only once deleted, so a purge interrupted half-way resumes where it stopped.
    for (;;) {
      const keys = await redis.srandmember(setKey, chunkSize);
      if (keys.length === 0) break;
      deleted += await redis.unlink(...keys.map((key) => memoryKey(prefix, key)));
      await redis.srem(setKey, ...keys);
    }
  } catch (error) {
    throw toRedisError(error, `purge of case ${options.caseReference}`, describeRedisServer(redis));
  }
  return deleted;
}
