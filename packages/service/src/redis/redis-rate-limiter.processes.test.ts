import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProviderStandIn, startQuotaWorker } from '../test-support/quota-stand-in';
import { startRedisServer, type TestRedisServer } from '../test-support/redis-server';
import { busiestWindow, maxUnitsInAnyWindow } from '../test-support/sliding-window-check';

const limit = 20_000;
const windowMs = 3_000;

describe('createRedisRateLimiter across processes', () => {
  let redis: TestRedisServer;
  const stand = startProviderStandIn({ limit, windowMs });
  let providerUrl: string;

  beforeAll(async () => {
    redis = await startRedisServer();
    providerUrl = await stand.listen();
  });
  afterAll(async () => {
    await stand.close();
    await redis.stop();
  });

  it('keeps three worker processes on one key under its quota in every window the provider counts', async ({
    annotate,
  }) => {
    const runMs = 3 * windowMs;
    const workers = [11, 22, 33].map((seed) =>
      startQuotaWorker([
        redis.url,
        providerUrl,
        String(runMs),
        String(limit),
        String(windowMs),
        '4',
        String(seed),
      ]),
    );
    try {
      await Promise.all(workers.map((worker) => worker.ready));
      for (const worker of workers) worker.child.stdin.write('go\n');
      const summaries = await Promise.all(workers.map((worker) => worker.summary));

      const worst = maxUnitsInAnyWindow(stand.answered, windowMs) / limit;
      const busiest = busiestWindow(stand.answered, windowMs) / limit;
      await annotate(
        `quota use: busiest window ${(busiest * 100).toFixed(1)}%, worst window ${(worst * 100).toFixed(1)}%, ` +
          `${stand.answered.length} requests, per worker ${summaries.map((summary) => summary.requests).join('/')}`,
      );
      expect(stand.refused()).toBe(0);
      expect(summaries.every((summary) => summary.throttled === 0)).toBe(true);
      // Counted at arrival (and even anywhere between arrival and answer), no window exceeds the quota.
      expect(maxUnitsInAnyWindow(stand.answered, windowMs)).toBeLessThanOrEqual(limit);
      // The workers together use the quota: at least 90% in the busiest windows.
      expect(busiestWindow(stand.answered, windowMs) / limit).toBeGreaterThanOrEqual(0.9);
      // Every worker got its turn.
      for (const summary of summaries) expect(summary.requests).toBeGreaterThan(3);
      expect(summaries.reduce((sum, summary) => sum + summary.units, 0)).toBe(
        stand.answered.reduce((sum, record) => sum + record.units, 0),
      );
    } finally {
      for (const worker of workers) worker.child.kill('SIGKILL');
    }
  }, 90_000);
});
