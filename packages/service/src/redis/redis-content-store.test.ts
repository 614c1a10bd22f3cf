import { ContentStoreError, contentKey } from '@toex/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRedisServer, type TestRedisServer } from '../test-support/redis-server';
import { purgeCase } from './purge-case';
import { createRedisContentStore } from './redis-content-store';
import { RedisError } from './redis-error';

interface Stored {
  translations: Record<string, string>;
}

let server: TestRedisServer;
let redis: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});
beforeEach(async () => {
  await redis.flushall();
});

const key = (text: string) => contentKey('translation/v1', 'azure', 'pl', 'en', text);

describe('createRedisContentStore', () => {
  it('shares entries between stores, as workers on two machines share one translation memory', async () => {
    const writer = createRedisContentStore<Stored>({ redis });
    const reader = createRedisContentStore<Stored>({ redis: server.url });
    const entries = Array.from(
      { length: 1_203 },
      (_, index) => [`key-${index}`, { translations: { en: `t${index}` } }] as const,
    );
    await writer.putMany(entries);
    expect(writer.size).toBe(1_203);

    const found = await reader.getMany(['key-0', 'key-1202', 'key-600', 'absent', 'key-0']);
    expect([...found.keys()].sort()).toEqual(['key-0', 'key-1202', 'key-600']);
    expect(found.get('key-1202')).toEqual({ translations: { en: 't1202' } });
    await reader.close();
    await writer.close();
    // The store given a client leaves it open for its owner.
    expect(await redis.ping()).toBe('PONG');
  });

  it('lets a later duplicate win within one call and overwrites on a later call', async () => {
    const store = createRedisContentStore<Stored>({ redis });
    await store.putMany([
      ['a', { translations: { en: 'first' } }],
      ['a', { translations: { en: 'second' } }],
    ]);
    expect((await store.getMany(['a'])).get('a')?.translations.en).toBe('second');
    await store.putMany([['a', { translations: { en: 'third' } }]]);
    expect((await store.getMany(['a'])).get('a')?.translations.en).toBe('third');
  });

  it('namespaces keys under the prefix and sets the configured expiry', async () => {
    const store = createRedisContentStore<Stored>({ redis, prefix: 'force-a:', expiryMs: 60_000 });
    const contentId = key('Cześć');
    await store.putMany([[contentId, { translations: { en: 'Hello' } }]]);
    expect(await redis.keys('*')).toEqual([`force-a:tm:${contentId}`]);
    const ttl = await redis.pttl(`force-a:tm:${contentId}`);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    // Another prefix sees nothing.
    const other = createRedisContentStore<Stored>({ redis, prefix: 'force-b:' });
    expect((await other.getMany([contentId])).size).toBe(0);
  });

  it('defaults to a 90-day expiry', async () => {
    const store = createRedisContentStore<Stored>({ redis });
    await store.putMany([['a', { translations: { en: 'x' } }]]);
    const ttl = await redis.pttl('toex:tm:a');
    expect(ttl).toBeGreaterThan(89 * 24 * 3_600_000);
    expect(ttl).toBeLessThanOrEqual(90 * 24 * 3_600_000);
  });

  it('treats a corrupt entry as missing so the text is sent again', async () => {
    await redis.set('toex:tm:broken', '{not json');
    const store = createRedisContentStore<Stored>({ redis });
    expect((await store.getMany(['broken'])).size).toBe(0);
  });

  it('refuses a value JSON cannot hold before writing anything', async () => {
    const store = createRedisContentStore<unknown>({ redis });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const error = await store
      .putMany([
        ['good', 1],
        ['bad', cyclic],
      ])
      .catch((caught: unknown) => caught);
    expect(ContentStoreError.isInstance(error)).toBe(true);
    expect((error as ContentStoreError).code).toBe('invalid_value');
    expect(await redis.exists('toex:tm:good')).toBe(0);
  });

  it('fails with a typed, retryable error that never shows the password when Redis is down', async () => {
    const password = 'pa55-word-very-secret';
    // ioredis would keep retrying for a while; one attempt is enough to see the error.
    const client = new Redis(`redis://worker:${password}@127.0.0.1:1/0`, {
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => {});
    const quick = createRedisContentStore<Stored>({ redis: client });
    const error = await quick.getMany(['a']).catch((caught: unknown) => caught);
    expect(ContentStoreError.isInstance(error)).toBe(true);
    expect((error as ContentStoreError).code).toBe('content_store_io');
    const cause = (error as Error).cause;
    expect(RedisError.isInstance(cause)).toBe(true);
    expect((cause as RedisError).code).toBe('redis_unavailable');
    expect((cause as RedisError).retryable).toBe(true);
    expect((error as Error).message).toContain('127.0.0.1:1');
    expect(JSON.stringify({ message: (error as Error).message, cause: String(cause) })).not.toContain(
      password,
    );
    await quick.close();
  });

  it('fails after close()', async () => {
    const store = createRedisContentStore<Stored>({ redis });
    await store.close();
    await store.close();
    await expect(store.getMany(['a'])).rejects.toSatisfy(ContentStoreError.isInstance);
  });
});

describe('createRedisContentStore against a restarting or protected server', () => {
  it('waits out a Redis restart instead of failing the write', async () => {
    const store = createRedisContentStore<Stored>({ redis: server.url });
    await store.putMany([['before', { translations: { en: 'x' } }]]);
    redis.on('error', () => {});
    // Shut down by a one-shot client, so no client sends SHUTDOWN again to the restarted server.
    const killer = new Redis(server.url, { autoResendUnfulfilledCommands: false, retryStrategy: () => null });
    killer.on('error', () => {});
    await killer.call('SHUTDOWN', 'NOSAVE').catch(() => {});
    killer.disconnect();
    // Sent while the server is down: ioredis queues it and sends it once reconnected.
    const write = store.putMany([['during', { translations: { en: 'y' } }]]);
    await server.restart();
    await write;
    expect((await store.getMany(['during'])).size).toBe(1);
    await store.close();
  });

  it('reports refused credentials as redis_auth_failed without the password', async () => {
    const protectedServer = await startRedisServer({
      extraArguments: ['--requirepass', 'right-password-1234'],
    });
    const password = 'wrong-password-5678';
    const store = createRedisContentStore<Stored>({
      redis: `redis://default:${password}@127.0.0.1:${protectedServer.port}`,
    });
    try {
      const error = await store.getMany(['a']).catch((caught: unknown) => caught);
      expect(ContentStoreError.isInstance(error)).toBe(true);
      const cause = (error as Error).cause as RedisError;
      expect(cause.code).toBe('redis_auth_failed');
      expect((error as Error).message).toContain('Check the user name and password');
      expect(`${(error as Error).message} ${cause.message} ${String(cause.cause)}`).not.toContain(password);
    } finally {
      await store.close();
      await protectedServer.stop();
    }
  });
});

describe('purgeCase', () => {
  it("deletes exactly one case's entries and reports how many", async () => {
    const caseA = createRedisContentStore<Stored>({ redis, caseReference: 'OP-ALPHA/23' });
    const caseB = createRedisContentStore<Stored>({ redis, caseReference: 'OP-BRAVO/23' });
    await caseA.putMany(
      Array.from({ length: 1_234 }, (_, index) => [`a${index}`, { translations: { en: 'x' } }] as const),
    );
    await caseB.putMany([['b0', { translations: { en: 'y' } }]]);

    expect(await purgeCase(redis, { caseReference: 'OP-ALPHA/23', chunkSize: 100 })).toBe(1_234);
    expect((await caseA.getMany(['a0', 'a1233'])).size).toBe(0);
    expect((await caseB.getMany(['b0'])).size).toBe(1);
    expect(await redis.exists('toex:tm-case:OP-ALPHA/23')).toBe(0);
    // Purging again, or an unknown case, deletes nothing.
    expect(await purgeCase(redis, { caseReference: 'OP-ALPHA/23' })).toBe(0);
  });
});
