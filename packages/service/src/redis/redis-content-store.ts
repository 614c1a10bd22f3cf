import { ConfigurationError, type ContentStore, ContentStoreError } from '@toex/core';
import type { Redis } from 'ioredis';
import { connectRedis, describeRedisServer } from './connect-redis';
import { toRedisError } from './redis-error';
import { caseSetKey, DEFAULT_KEY_PREFIX, memoryKey } from './redis-keys';

/**
 * Entries expire 90 days after they were last written. Long enough to cover an investigation's
 * working period (re-runs, added exports, disclosure rounds) so that no text is paid for twice, short
 * enough that evidence text does not stay in a shared cache indefinitely. Hosts with a retention rule
 * set their own; `toex purge --case REF` removes a case's entries at once.
 */
export const DEFAULT_MEMORY_EXPIRY_MS = 90 * 24 * 60 * 60 * 1000;

/** Options of {@link createRedisContentStore}. */
export interface RedisContentStoreOptions {
  /**
   * The server: an ioredis client (left open by `close()`: its owner closes it) or a URL (the store
   * opens its own client with {@link connectRedis} and closes it).
   */
  redis: Redis | string;
  /** Namespace of every key, so several deployments can share one Redis. Default `toex:`. */
  prefix?: string;
  /**
   * How long an entry lives after it was last written, in milliseconds; default
   * {@link DEFAULT_MEMORY_EXPIRY_MS} (90 days). `false`: entries never expire (purge by case only).
   */
  expiryMs?: number | false;
  /**
   * The case the job works for. Every key this store writes is also recorded under the case, so that
   * {@link purgeCase} can delete them. Absent: entries are not tracked per case.
   */
  caseReference?: string;
  /** Keys per MGET or per MULTI transaction, bounding each round-trip. Default 500. */
  chunkSize?: number;
}

/**
 * A `ContentStore` on Redis: the translation memory shared by every worker on every machine, so a
 * segment any worker got back is never paid for again by another.
 *
 * Each entry is one Redis string `<prefix>tm:<content key>` holding the value as JSON, written with an
 * expiry ({@link RedisContentStoreOptions.expiryMs}). `putMany` writes in MULTI transactions; when it
 * resolves Redis has the entries (their durability is Redis's persistence setting). Values that are not
 * valid JSON when read back are treated as missing, so they are fetched again rather than trusted.
 * `size` counts the entries this instance has written (Redis-wide counts would need a scan).
 *
 * Works with standalone Redis and Sentinel; with Redis Cluster, keys of one MGET must share a slot,
 * which content keys do not.
 *
 * Errors are `ContentStoreError`s with code `content_store_io` whose `cause` is a `RedisError`
 * (retryable when Redis is unavailable); messages name the server with its password redacted.
 */
export function createRedisContentStore<V>(options: RedisContentStoreOptions): ContentStore<V> {
  const prefix = options.prefix ?? DEFAULT_KEY_PREFIX;
  const expiryMs = options.expiryMs ?? DEFAULT_MEMORY_EXPIRY_MS;
  if (expiryMs !== false && !(Number.isInteger(expiryMs) && expiryMs > 0)) {
    throw new ConfigurationError({
      message: `expiryMs must be a positive whole number of milliseconds or false, got ${String(expiryMs)}.`,
      setting: 'expiryMs',
    });
  }
  const chunkSize = options.chunkSize ?? 500;
  if (!(Number.isInteger(chunkSize) && chunkSize > 0)) {
    throw new ConfigurationError({
      message: `chunkSize must be a positive integer, got ${chunkSize}.`,
      setting: 'chunkSize',
    });
  }
  const ownsClient = typeof options.redis === 'string';
  const redis = typeof options.redis === 'string' ? connectRedis(options.redis) : options.redis;
  const server = describeRedisServer(redis);
  const caseKey = options.caseReference === undefined ? undefined : caseSetKey(prefix, options.caseReference);
  let written = 0;
  let closed = false;

  const ensureOpen = () => {
    if (closed) {
      throw new ContentStoreError({
        code: 'content_store_closed',
        message: 'The Redis content store is closed.',
      });
    }
  };
  const failure = (error: unknown, operation: string) => {
    const cause = toRedisError(error, `content store ${operation}`, server);
    return new ContentStoreError({ code: 'content_store_io', path: server, message: cause.message, cause });
  };

  return {
    async getMany(keys) {
      ensureOpen();
      const found = new Map<string, V>();
      const unique = [...new Set(keys)];
      for (let start = 0; start < unique.length; start += chunkSize) {
        const chunk = unique.slice(start, start + chunkSize);
        let values: Array<string | null>;
        try {
          values = await redis.mget(chunk.map((key) => memoryKey(prefix, key)));
        } catch (error) {
          throw failure(error, 'getMany');
        }
        chunk.forEach((key, index) => {
          const text = values[index];
          if (text === null || text === undefined) return;
          try {
            found.set(key, JSON.parse(text) as V);
          } catch {
            // A corrupt entry is a miss: the text is sent again and the entry rewritten.
          }
        });
      }
      return found;
    },

    async putMany(entries) {
      ensureOpen();
      // Serialise everything first, so a bad value fails the call before anything is written.
      const serialised = entries.map(([key, value]): readonly [string, string] => {
        let text: string | undefined;
        try {
          text = JSON.stringify(value);
        } catch (error) {
          throw invalidValue(key, error);
        }
        if (text === undefined) throw invalidValue(key, undefined);
        return [key, text];
      });
      for (let start = 0; start < serialised.length; start += chunkSize) {
        const chunk = serialised.slice(start, start + chunkSize);
        const transaction = redis.multi();
        for (const [key, text] of chunk) {
          if (expiryMs === false) transaction.set(memoryKey(prefix, key), text);
          else transaction.set(memoryKey(prefix, key), text, 'PX', expiryMs);
        }
        if (caseKey !== undefined) {
          transaction.sadd(caseKey, ...chunk.map(([key]) => key));
          // The case's list lives as long as its newest entry could.
          if (expiryMs !== false) transaction.pexpire(caseKey, expiryMs);
        }
        try {
          const results = await transaction.exec();
          const failed = results?.find(([error]) => error !== null);
          if (results === null) throw new Error('The MULTI transaction was aborted.');
          if (failed !== undefined) throw failed[0];
        } catch (error) {
          throw failure(error, 'putMany');
        }
        written += chunk.length;
      }
    },

    get size() {
      return written;
    },

    async close() {
      if (closed) return;
      closed = true;
      if (ownsClient) await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function invalidValue(key: string, cause: unknown): ContentStoreError {
  return new ContentStoreError({
    code: 'invalid_value',
    message: `The value for key ${key} cannot be stored as JSON (undefined, a function, a BigInt or a cycle).`,
    cause,
  });
}
