import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJobStatus, openJobQueue } from '../index';
import { type AzureStandIn, startAzureStandIn } from '../test-support/azure-stand-in';
import { phoneExport } from '../test-support/phone-export';
import { startRedisServer, type TestRedisServer } from '../test-support/redis-server';
import { prepareToex, spawnToex, type ToexProcess, waitFor } from '../test-support/spawn-toex';

// toex worker, submit, status and cancel as separate processes, on a throwaway redis-server and a
// loopback stand-in for Azure Translator.

const key = { AZURE_TRANSLATOR_KEY: 'queue-test-key-0123456789' };
let redis: TestRedisServer;
let azure: AzureStandIn;
let directory: string;
const workers: ToexProcess[] = [];

const provider = () => ['--from', 'es', '--to', 'en', '--provider', 'azure', '--endpoint', azure.url];

async function run(args: string[]): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const child = spawnToex(args, key);
  const code = await child.exited;
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}

function startWorker(): ToexProcess {
  const worker = spawnToex(['worker', '--redis', redis.url, '--lock-duration', '5'], key);
  workers.push(worker);
  return worker;
}

async function status(jobId: string): Promise<Record<string, unknown>> {
  const result = await run(['status', jobId, '--redis', redis.url, '--json']);
  return JSON.parse(result.stdout.trim()) as Record<string, unknown>;
}

/** The state as a host reads it through the library (quicker to poll than a process per look). */
async function stateOf(jobId: string): Promise<string> {
  const queue = openJobQueue({ redis: redis.url });
  try {
    return (await getJobStatus(queue, jobId)).state;
  } finally {
    await queue.close();
  }
}

beforeAll(async () => {
  await prepareToex();
  redis = await startRedisServer();
  azure = await startAzureStandIn({ latencyMs: 20 });
  directory = mkdtempSync(join(tmpdir(), 'toex-queue-cli-'));
});

afterAll(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await azure?.close();
  await redis?.stop();
  rmSync(directory, { recursive: true, force: true });
});

describe('toex submit, worker, status and cancel', () => {
  it('runs a submitted job on a worker: the same output bytes as toex translate, status completed, exit 0', {
    timeout: 120_000,
  }, async () => {
    const input = join(directory, 'phone.csv');
    writeFileSync(input, phoneExport(30, 'a'));
    const reference = join(directory, 'reference.csv');
    const local = await run(['translate', input, ...provider(), '--no-cache', '--out', reference]);
    expect(local.code, local.stderr).toBe(0);

    const worker = startWorker();
    const submitted = await run([
      'submit',
      'translate',
      input,
      ...provider(),
      '--redis',
      redis.url,
      '--json',
      '--wait',
      '--case',
      'OP-1',
    ]);
    expect(submitted.code, submitted.stderr + worker.stderr()).toBe(0);
    const [queued, finished] = submitted.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(queued).toMatchObject({ input, output: join(directory, 'phone.translated.csv') });
    expect(finished).toMatchObject({ event: 'finished', jobId: queued.jobId, state: 'completed' });
    expect(readFileSync(join(directory, 'phone.translated.csv'))).toEqual(readFileSync(reference));

    const shown = await status(queued.jobId);
    expect(shown).toMatchObject({
      jobId: queued.jobId,
      state: 'completed',
      progress: 100,
      output: queued.output,
      error: null,
    });
    expect(existsSync(shown.manifest as string)).toBe(true);
    const manifest = JSON.parse(readFileSync(shown.manifest as string, 'utf8'));
    expect(JSON.stringify(manifest)).not.toContain(key.AZURE_TRANSLATOR_KEY);

    // SIGTERM: an idle worker exits within seconds.
    const stoppedAt = Date.now();
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
  });

  it('cancels a waiting job (removed from the queue) and a running one (stopped, no output written)', {
    timeout: 120_000,
  }, async () => {
    const waitingInput = join(directory, 'waiting.csv');
    writeFileSync(waitingInput, phoneExport(5, 'b'));
    const queued = await run([
      'submit',
      'translate',
      waitingInput,
      ...provider(),
      '--redis',
      redis.url,
      '--json',
    ]);
    expect(queued.code, queued.stderr).toBe(0);
    const waitingJob = JSON.parse(queued.stdout.trim()).jobId as string;
    expect(await status(waitingJob)).toMatchObject({ state: 'waiting' });
    expect((await run(['cancel', waitingJob, '--redis', redis.url])).code).toBe(0);
    expect(await status(waitingJob)).toMatchObject({ state: 'cancelled' });

    // A job caught running: the provider takes a minute to answer.
    azure.setExtraLatency(60_000);
    const longInput = join(directory, 'long.csv');
    writeFileSync(longInput, phoneExport(50, 'c'));
    const worker = startWorker();
    const submitted = await run([
      'submit',
      'translate',
      longInput,
      ...provider(),
      '--redis',
      redis.url,
      '--json',
    ]);
    const longJob = JSON.parse(submitted.stdout.trim()).jobId as string;
    await waitFor(async () => (await stateOf(longJob)) === 'active', 30_000, 'the job to start');
    const cancelledAt = Date.now();
    expect((await run(['cancel', longJob, '--redis', redis.url])).code).toBe(0);
    await waitFor(async () => (await stateOf(longJob)) === 'cancelled', 10_000, 'the job to be cancelled');
    expect(Date.now() - cancelledAt).toBeLessThan(15_000);
    azure.setExtraLatency(0);
    expect(await status(longJob)).toMatchObject({ state: 'cancelled', error: { code: 'cancelled' } });
    expect(existsSync(join(directory, 'long.translated.csv'))).toBe(false);
    // The worker is still there for the next job.
    expect(worker.child.exitCode).toBeNull();
  });

  it('a worker stopped with SIGTERM mid-job puts the job back on the queue, and another worker completes it', {
    timeout: 180_000,
  }, async () => {
    const input = join(directory, 'released.csv');
    writeFileSync(input, phoneExport(2_500, 'd'));
    const reference = join(directory, 'released-reference.csv');
    const local = await run(['translate', input, ...provider(), '--no-cache', '--out', reference]);
    expect(local.code, local.stderr).toBe(0);

    // Only the worker under test runs.
    for (const running of workers.splice(0)) {
      running.child.kill('SIGTERM');
      await running.exited;
    }
    azure.setExtraLatency(2_000);
    const first = startWorker();
    const submitted = await run([
      'submit',
      'translate',
      input,
      ...provider(),
      '--redis',
      redis.url,
      '--json',
      '--concurrency',
      '1',
    ]);
    const jobId = JSON.parse(submitted.stdout.trim()).jobId as string;
    await waitFor(async () => (await stateOf(jobId)) === 'active', 30_000, 'the job to start');
    first.child.kill('SIGTERM');
    // It waits for the answer on the wire, then hands the job back and exits.
    expect(await first.exited).toBe(0);
    expect(first.stderr()).toContain('released to the queue');
    expect(await stateOf(jobId)).toBe('waiting');

    azure.setExtraLatency(0);
    startWorker();
    await waitFor(async () => (await stateOf(jobId)) === 'completed', 60_000, 'the job to complete');
    expect(readFileSync(join(directory, 'released.translated.csv'))).toEqual(readFileSync(reference));
  });
});
