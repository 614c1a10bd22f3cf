import { registerSecret } from '@toex/core';
import { Redis, type RedisOptions } from 'ioredis';
import { redactRedisUrl } from './redact-redis-url';
import { redisConnectionOptions } from './redis-connection';

/**
 * Opens an ioredis client for `url` (`redis://` or `rediss://` for TLS, `redis://user:password@host:port/db`).
 * The password is registered with core's redactor first, so it never reaches a log, an error or a
 * manifest, even inside an ioredis message. `options` are passed to ioredis and win over the URL's.
 *
 * The URL is read by {@link redisConnectionOptions}, as the queue's connections are (TLS for `rediss://`,
 * the same reconnection pacing). The client reconnects by itself after Redis restarts; commands sent
 * meanwhile wait in its offline queue (each up to `maxRetriesPerRequest` reconnections, 10 unless
 * `options` say otherwise), so a short outage pauses work instead of failing it.
 */
export function connectRedis(url: string, options: RedisOptions = {}): Redis {
  registerRedisUrlSecrets(url);
  const client = new Redis({ ...redisConnectionOptions(url), ...options });
  // Connection errors reach the caller through the commands that fail (as typed errors); without a
  // listener ioredis would also print each reconnection attempt to the console.
  client.on('error', () => {});
  return client;
}

/**
 * Registers the password (and a user name that looks like a token) of a Redis URL with core's
 * redactor. {@link connectRedis} does this; call it yourself for clients made another way (BullMQ).
 */
export function registerRedisUrlSecrets(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (parsed.password !== '') {
    registerSecret(parsed.password);
    registerSecret(decodeURIComponent(parsed.password));
  }
}

/** The redacted URL of an ioredis client's server, for error messages: `redis://127.0.0.1:6379/0`. */
export function describeRedisServer(redis: Redis): string {
  const { host, port, db, tls } = redis.options;
  return redactRedisUrl(
    `${tls === undefined ? 'redis' : 'rediss'}://${host ?? 'localhost'}:${port ?? 6379}/${db ?? 0}`,
  );
}
