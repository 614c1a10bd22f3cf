import { registerSecret } from '@toex/core';
import type { RedisOptions } from 'ioredis';
import { ServiceError } from '../queue/service-error';
import { redactRedisUrl } from './redact-redis-url';

/**
 * Connection options for ioredis from a `redis://` or `rediss://` (TLS) URL, with its password registered
 * with the redactor so it never reaches a log or an error. With `waitForever` (workers; BullMQ requires
 * it), commands wait through a Redis restart however long it takes; without, a command fails after about
 * ten seconds of failed reconnections, so `toex submit` or `toex status` says Redis is down rather than hang.
 */
export function redisConnectionOptions(url: string, options: { waitForever?: boolean } = {}): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new ServiceError({
      code: 'invalid_redis_url',
      message: `--redis takes a URL like redis://HOST:6379/0 or rediss://USER:PASSWORD@HOST:6380/0, not "${redactRedisUrl(url)}".`,
      cause: error,
    });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new ServiceError({
      code: 'invalid_redis_url',
      message: `A Redis URL starts with redis:// or rediss:// (TLS), not "${parsed.protocol}//": ${redactRedisUrl(url)}.`,
    });
  }
  const password = decodeURIComponent(parsed.password);
  if (password !== '') registerSecret(password);
  const database = parsed.pathname.replace(/^\//, '');
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    ...(parsed.username === '' ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(password === '' ? {} : { password }),
    ...(database === '' ? {} : { db: Number(database) }),
    ...(parsed.protocol === 'rediss:' ? { tls: { servername: parsed.hostname } } : {}),
    maxRetriesPerRequest: options.waitForever === true ? null : 10,
    // Reconnect quickly after a restart, never more than 2 s apart.
    retryStrategy: (times: number) => Math.min(times * 200, 2_000),
  };
}
