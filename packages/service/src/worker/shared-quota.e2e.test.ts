import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJobStatus, openJobQueue, type SubmittedJob, submitJob } from '../index';
import {
  type AzureStandIn,
  busiestWindowCharacters,
  startAzureStandIn,
} from '../test-support/azure-stand-in';
import { phoneExport } from '../test-support/phone-export';
import { startRedisServer, type TestRedisServer } from '../test-support/redis-server';
import { prepareScript, spawnScript, type ToexProcess, waitFor } from '../test-support/spawn-toex';

// Three worker processes on one provider key and one quota, against a loopback stand-in for Azure
// Translator: the stand-in never sees the quota exceeded in any sliding window (a request counted from its
// arrival until its answer), and three workers get through the work as fast as one: the quota, not the
// workers, sets the pace. The window is 5 s instead of a minute so the test sees many windows.

const quota = 12_000;
const windowMs = 5_000;
let redis: TestRedisServer;
let azure: AzureStandIn;
let directory: string;
let script: string;
const workers: ToexProcess[] = [];

beforeAll(async () => {
  script = await prepareScript(fileURLToPath(new URL('./__fixtures__/quota-worker.ts', import.meta.url)));
  redis = await startRedisServer();
  azure = await startAzureStandIn({ latencyMs: 20 });
  directory = mkdtempSync(join(tmpdir(), 'toex-queue-quota-'));
});

afterAll(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await azure?.close();
  await redis?.stop();
  rmSync(directory, { recursive: true, force: true });
});

/** Runs six jobs on `count` workers sharing one key's quota; returns the stand-in's requests for them. */
async function runOn(count: number, apiKey: string) {
  const started = Array.from({ length: count }, () =>
    spawnScript(script, [redis.url, String(quota), String(windowMs)], { AZURE_TRANSLATOR_KEY: apiKey }),
  );
  workers.push(...started);
  await waitFor(
    () => started.every((worker) => worker.stderr().includes('ready')),
    60_000,
    'the workers to start',
  );
  const queue = openJobQueue({ redis: redis.url });
  const before = azure.requests.length;
  try {
    const jobs: SubmittedJob[] = [];
    for (let index = 0; index < 6; index += 1) {
      const input = join(directory, `${apiKey}-${index}.csv`);
      // About 13,000 characters a job, distinct from every other job's.
      writeFileSync(input, phoneExport(300, `${apiKey}-${index}`));
      jobs.push(
        await submitJob(queue, {
          kind: 'translate',
          input,
          to: ['en'],
          from: 'es',
          provider: 'azure',
          endpoint: azure.url,
        }),
      );
    }
    await waitFor(
      async () =>
        (await Promise.all(jobs.map((job) => getJobStatus(queue, job.jobId)))).every(
          (status) => status.state === 'completed',
        ),
      150_000,
      'every job to complete',
    );
  } finally {
    await queue.close();
    for (const worker of started) worker.child.kill('SIGTERM');
    await Promise.all(started.map((worker) => worker.exited));
  }
  const requests = azure.requests.slice(before);
  const characters = requests.reduce((sum, request) => sum + request.characters, 0);
  const first = Math.min(...requests.map((request) => request.arrivedAt));
  const last = Math.max(...requests.map((request) => request.answeredAt));
  // The first window's quota is there at once; the rest comes at the quota's pace.
  const charactersPerSecond = (characters - quota) / ((last - first) / 1000);
  return { requests, characters, charactersPerSecond, busiest: busiestWindowCharacters(requests, windowMs) };
}

describe('three workers on one quota', () => {
  it('never exceed it in any sliding window, use most of it, and go as fast as one worker', {
    timeout: 400_000,
  }, async () => {
    const one = await runOn(1, 'quota-key-one-worker-0123456789');
    const three = await runOn(3, 'quota-key-three-workers-0123456');
    for (const run of [one, three]) {
      expect(run.requests.every((request) => request.status === 200)).toBe(true);
      expect(run.busiest).toBeLessThanOrEqual(quota);
      expect(run.busiest).toBeGreaterThanOrEqual(0.9 * quota);
    }
    expect(
      Math.abs(three.charactersPerSecond - one.charactersPerSecond) / one.charactersPerSecond,
    ).toBeLessThanOrEqual(0.1);
    console.log(
      `quota ${quota} characters per ${windowMs / 1000} s: one worker ${one.charactersPerSecond.toFixed(0)} characters/s (busiest window ${one.busiest}), three workers ${three.charactersPerSecond.toFixed(0)} characters/s (busiest window ${three.busiest})`,
    );
  });
});
