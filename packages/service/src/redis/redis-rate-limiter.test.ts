import { ConfigurationError, type RatePermit, ToexAbortError } from '@toex/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRedisServer, type TestRedisServer } from '../test-support/redis-server';
import { busiestWindow, maxUnitsInAnyWindow, type RequestRecord } from '../test-support/sliding-window-check';
import { apiKeyFingerprint } from './api-key-fingerprint';
import { createRedisRateLimiter, type RedisRateLimiter } from './redis-rate-limiter';
import type { RedisRateLimiterOptions } from './redis-rate-limiter-options';

let server: TestRedisServer;
let admin: Redis;
const opened: RedisRateLimiter[] = [];
const clients: Redis[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  admin = new Redis(server.url);
});
afterAll(async () => {
  admin.disconnect();
  await server.stop();
});
beforeEach(async () => {
  await Promise.all(opened.splice(0).map((limiter) => limiter.close()));
  for (const client of clients.splice(0)) client.disconnect();
  await admin.flushall();
});

const apiKey = 'azure-key-0123456789abcdef0123456789';
const scope = { providerId: 'azure', endpoint: 'https://api.cognitive.microsofttranslator.com', apiKey };

/** A limiter with its own connection, standing in for one worker. */
function worker(
  options: Partial<RedisRateLimiterOptions> & Pick<RedisRateLimiterOptions, 'budgets'>,
): RedisRateLimiter {
  const client = new Redis(server.url);
  clients.push(client);
  const limiter = createRedisRateLimiter({ redis: client, scope, ...options });
  opened.push(limiter);
  return limiter;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createRedisRateLimiter', () => {
  it('keeps several workers together under the quota in every sliding window, and uses at least 90% of it', async ({
    annotate,
  }) => {
    const limit = 10_000;
    const windowMs = 2_000;
    const budgets = [{ unit: 'characters', limit, windowMs }];
    const workers = [1, 2, 3, 4].map(() => worker({ budgets, maxConcurrency: 3 }));
    const records: RequestRecord[] = [];
    const runUntil = performance.now() + 3 * windowMs;
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    // Each worker runs three request loops, as a worker with concurrency 3 does.
    await Promise.all(
      workers.flatMap((limiter) =>
        [1, 2, 3].map(async () => {
          while (performance.now() < runUntil) {
            const units = 200 + Math.floor(random() * 1_300);
            const permit = await limiter.acquire({ characters: units, requests: 1 });
            const grantedAt = performance.now();
            await sleep(20 + random() * 60); // the provider's latency
            const answeredAt = performance.now();
            permit.release();
            records.push({ units, grantedAt, answeredAt });
          }
        }),
      ),
    );
    // Whenever within its grant..answer span the provider counted it, no window saw more than the limit.
    const busiest = busiestWindow(records, windowMs);
    await annotate(
      `quota use: busiest window ${((busiest / limit) * 100).toFixed(1)}%, worst window ` +
        `${((maxUnitsInAnyWindow(records, windowMs) / limit) * 100).toFixed(1)}%, ${records.length} requests`,
    );
    expect(maxUnitsInAnyWindow(records, windowMs)).toBeLessThanOrEqual(limit);
    expect(busiest / limit).toBeGreaterThanOrEqual(0.9);
    expect(records.length).toBeGreaterThan(30);
  });

  it('counts units until the answer plus one window, as the provider does', async () => {
    const limiter = worker({
      budgets: [{ unit: 'characters', limit: 1_000, windowMs: 500 }],
      safetyMargin: 0,
    });
    const first = await limiter.acquire({ characters: 1_000 });
    await sleep(400);
    first.release();
    const releasedAt = performance.now();
    await limiter.acquire({ characters: 10 });
    // Counted from the grant, room would have appeared 100 ms after the release.
    expect(performance.now() - releasedAt).toBeGreaterThanOrEqual(480);
  });

  it('keeps the safety margin free', async () => {
    const limiter = worker({ budgets: [{ unit: 'characters', limit: 1_000, windowMs: 60_000 }] });
    await limiter.acquire({ characters: 960 });
    const controller = new AbortController();
    const late = limiter.acquire({ characters: 20 }, controller.signal);
    await sleep(100);
    controller.abort();
    await expect(late).rejects.toSatisfy(ToexAbortError.isInstance);
    expect(limiter.stats().budgets[0]?.effectiveLimit).toBeCloseTo(970);
    expect(limiter.stats().budgets[0]?.unitsInWindow).toBe(960);
  });

  it('shares a 429: every worker pauses for Retry-After and runs at the cut rate', async () => {
    const budgets = [{ unit: 'characters', limit: 10_000, windowMs: 1_000 }];
    const throttledWorker = worker({ budgets });
    const otherWorker = worker({ budgets });
    const permit = await throttledWorker.acquire({ characters: 100 });
    throttledWorker.throttled({ retryAfterMs: 600, permit });
    permit.refund();
    await sleep(20); // the update is sent in the background
    const asked = performance.now();
    await otherWorker.acquire({ characters: 100 });
    expect(performance.now() - asked).toBeGreaterThanOrEqual(550);
    expect(otherWorker.stats().limitFraction).toBeCloseTo(0.7);
    // A success on any worker restores part of the cut for all.
    otherWorker.succeeded();
    await sleep(20);
    await throttledWorker.acquire({ characters: 1 });
    expect(throttledWorker.stats().limitFraction).toBeCloseTo(0.75);
  });

  it('spends nothing for a request aborted while it waits, and lets the next one go', async () => {
    const budgets = [{ unit: 'characters', limit: 1_000, windowMs: 400 }];
    const busy = worker({ budgets, safetyMargin: 0 });
    const waiting = worker({ budgets, safetyMargin: 0 });
    (await busy.acquire({ characters: 1_000 })).release();
    const controller = new AbortController();
    const aborted = waiting.acquire({ characters: 1_000 }, controller.signal);
    const behind = waiting.acquire({ characters: 1_000 });
    await sleep(100);
    controller.abort(new Error('job cancelled'));
    const error = await aborted.catch((caught: unknown) => caught);
    expect(ToexAbortError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toEqual(new Error('job cancelled'));
    await behind;
    expect(waiting.stats().budgets[0]?.unitsGranted).toBe(1_000);
    const [windowKey] = await admin.keys('*window*');
    // Only the request granted behind it is counted; the busy worker's units have left the window.
    expect(await admin.zrange(windowKey!, 0, -1)).toEqual([expect.stringMatching(/^1000\|/)]);
  });

  it("does not let other workers' small requests starve a large one", async () => {
    const budgets = [{ unit: 'characters', limit: 1_000, windowMs: 300 }];
    const busy = worker({ budgets, safetyMargin: 0, maxPollIntervalMs: 100 });
    const patient = worker({ budgets, safetyMargin: 0, maxPollIntervalMs: 100 });
    let stop = false;
    // Another worker keeps the window busy with a stream of small requests.
    const stream = Promise.all(
      [1, 2, 3, 4].map(async () => {
        while (!stop) {
          const permit = await busy.acquire({ characters: 100 });
          await sleep(5);
          permit.release();
        }
      }),
    );
    await sleep(200);
    const asked = performance.now();
    // It gets its turn once the window drains: about one window, not never.
    const granted = await patient.acquire({ characters: 900 }, AbortSignal.timeout(3_000)).then(
      () => true,
      () => false,
    );
    const waited = performance.now() - asked;
    stop = true;
    await stream;
    expect(granted).toBe(true);
    expect(waited).toBeLessThan(2_000);
    expect(await admin.keys('*line*')).toEqual([]);
  });

  it('leaves nothing in Redis without an expiry', async () => {
    const budgets = [{ unit: 'characters', limit: 1_000, windowMs: 1_000 }];
    const first = worker({ budgets, safetyMargin: 0 });
    const second = worker({ budgets, safetyMargin: 0 });
    const permit = await first.acquire({ characters: 1_000 });
    const controller = new AbortController();
    const waiting = second.acquire({ characters: 10 }, controller.signal).catch(() => undefined);
    await sleep(50);
    first.throttled({ retryAfterMs: 100, permit });
    permit.release();
    await sleep(50);
    const keys = await admin.keys('*');
    expect(keys.map((key) => key.replace(/^.*}:/, '')).sort()).toEqual(
      expect.arrayContaining(['line', 'state', 'waiters', 'window:characters:1000']),
    );
    for (const key of keys) expect(await admin.pttl(key)).toBeGreaterThan(0);
    controller.abort();
    await waiting;
  });

  it('rejects at once a request larger than the whole quota', async () => {
    const limiter = worker({ budgets: [{ unit: 'characters', limit: 33_300, windowMs: 60_000 }] });
    const error = await limiter.acquire({ characters: 45_099 }).catch((caught: unknown) => caught);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as ConfigurationError).code).toBe('request_exceeds_rate_budget');
    expect((error as Error).message).toContain('45,099 characters');
    expect(await admin.dbsize()).toBe(0);
  });

  it('gives refunded units straight back to every worker', async () => {
    const budgets = [{ unit: 'characters', limit: 1_000, windowMs: 60_000 }];
    const first = worker({ budgets, safetyMargin: 0 });
    const second = worker({ budgets, safetyMargin: 0 });
    const permit = await first.acquire({ characters: 1_000 });
    const waiting = second.acquire({ characters: 1_000 });
    await sleep(50);
    permit.refund();
    permit.release(); // after a refund, a release changes nothing
    const asked = performance.now();
    await waiting;
    expect(performance.now() - asked).toBeLessThan(1_500);
    expect(first.stats().refunds).toBe(1);
  });

  it('frees the units of a worker that died mid-request once its lease ends', async () => {
    const budgets = [{ unit: 'characters', limit: 1_000, windowMs: 300 }];
    const dying = worker({ budgets, leaseMs: 300, safetyMargin: 0 });
    await dying.acquire({ characters: 1_000 }); // never released
    const survivor = worker({ budgets, leaseMs: 300, safetyMargin: 0 });
    const asked = performance.now();
    await survivor.acquire({ characters: 1_000 });
    const waited = performance.now() - asked;
    expect(waited).toBeGreaterThanOrEqual(550);
    expect(waited).toBeLessThan(3_000);
  });

  it('caps the permits one process holds at once', async () => {
    const limiter = worker({ budgets: [], maxConcurrency: 2 });
    const first = await limiter.acquire({});
    await limiter.acquire({});
    let third: RatePermit | undefined;
    void limiter.acquire({}).then((permit) => {
      third = permit;
    });
    await sleep(50);
    expect(third).toBeUndefined();
    first.release();
    await sleep(50);
    expect(third).toBeDefined();
    expect(limiter.stats().maxActive).toBe(2);
  });

  it('keys the quota by provider, endpoint and key fingerprint, never the key', async () => {
    const limiter = worker({ budgets: [{ unit: 'characters', limit: 1_000, windowMs: 1_000 }] });
    await limiter.acquire({ characters: 10 });
    const keys = await admin.keys('*');
    expect(keys).toEqual([
      `toex:rate:{azure|https://api.cognitive.microsofttranslator.com|${apiKeyFingerprint(apiKey)}}:window:characters:1000`,
    ]);
    expect(JSON.stringify(await admin.zrange(keys[0]!, 0, -1))).not.toContain(apiKey);
    // Another key has a quota of its own.
    const otherKey = createRedisRateLimiter({
      redis: server.url,
      scope: { ...scope, apiKey: 'another-key-000000000000' },
      budgets: [{ unit: 'characters', limit: 1_000, windowMs: 60_000 }],
      safetyMargin: 0,
    });
    opened.push(otherKey);
    await otherKey.acquire({ characters: 1_000 });
  });

  it('fails a waiting request with a retryable RedisError when Redis is gone, without the password', async () => {
    const client = new Redis(`redis://:hunter2-secret-pw@127.0.0.1:1`, {
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    client.on('error', () => {});
    clients.push(client);
    const limiter = createRedisRateLimiter({
      redis: client,
      scope,
      budgets: [{ unit: 'characters', limit: 1_000, windowMs: 1_000 }],
    });
    const error = await limiter.acquire({ characters: 1 }).catch((caught: unknown) => caught);
    expect((error as { code?: string }).code).toBe('redis_unavailable');
    expect((error as { retryable?: boolean }).retryable).toBe(true);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('carries on after Redis restarts: a waiting request is granted once the server is back', async () => {
    const limiter = worker({
      budgets: [{ unit: 'characters', limit: 1_000, windowMs: 60_000 }],
      safetyMargin: 0,
      maxPollIntervalMs: 200,
    });
    const first = await limiter.acquire({ characters: 1_000 });
    const waiting = limiter.acquire({ characters: 500 });
    await sleep(300);
    for (const client of [admin, ...clients]) client.on('error', () => {});
    await server.restart();
    // Redis without persistence comes back empty: the window starts afresh (a provider that still
    // counts the old units answers 429, which every worker then respects).
    await expect(waiting).resolves.toBeDefined();
    first.release();
  });
});
