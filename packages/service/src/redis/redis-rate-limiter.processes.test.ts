import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type TestRedisServer } from '../test-support/redis-server';
import { busiestWindow, maxUnitsInAnyWindow, type RequestRecord } from '../test-support/sliding-window-check';

const limit = 20_000;
const windowMs = 3_000;

/**
 * A provider stand-in on loopback that counts units as Azure Translator does (on arrival, in a sliding
 * window) and answers 429 with Retry-After when the quota is exceeded. It records every request's
 * arrival, answer and units.
 */
function startProviderStandIn() {
  const answered: RequestRecord[] = [];
  const arrivals: Array<{ at: number; units: number }> = [];
  let refused = 0;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const arrivedAt = performance.now();
      const { units } = JSON.parse(body) as { units: number };
      const inWindow = arrivals
        .filter((arrival) => arrival.at >= arrivedAt - windowMs)
        .reduce((sum, arrival) => sum + arrival.units, 0);
      if (inWindow + units > limit) {
        refused++;
        response.writeHead(429, { 'retry-after': '1' }).end('{"error":{"code":429001}}');
        return;
      }
      arrivals.push({ at: arrivedAt, units });
      setTimeout(
        () => {
          response.writeHead(200, { 'content-type': 'application/json' }).end('[]');
          answered.push({ units, grantedAt: arrivedAt, answeredAt: performance.now() });
        },
        30 + Math.random() * 50,
      );
    });
  });
  return {
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/translate`),
        ),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    answered,
    refused: () => refused,
  };
}

function startWorker(args: string[]) {
  const script = fileURLToPath(new URL('./__fixtures__/quota-worker.ts', import.meta.url));
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', script, ...args],
    {
      cwd: fileURLToPath(new URL('../../../..', import.meta.url)),
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let output = '';
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const ready = new Promise<void>((resolve) => {
    const check = () => (output.includes('ready\n') ? resolve() : child.stdout.once('data', check));
    check();
  });
  const summary = new Promise<{ requests: number; units: number; throttled: number }>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`quota worker exited with ${code}: ${errors}`));
      else resolve(JSON.parse(output.trim().split('\n').at(-1)!));
    });
  });
  return { child, ready, summary };
}

describe('createRedisRateLimiter across processes', () => {
  let redis: TestRedisServer;
  const stand = startProviderStandIn();
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
      startWorker([
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
