import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJobStatus, openJobQueue } from '../index';
import { type AzureStandIn, startAzureStandIn } from '../test-support/azure-stand-in';
import { phoneExport } from '../test-support/phone-export';
import { startRedisServer, type TestRedisServer } from '../test-support/redis-server';
import { prepareToex, spawnToex, type ToexProcess, waitFor } from '../test-support/spawn-toex';

// Redis stopped and started again on the same port while a worker process runs a job: the job pauses
// and resumes. The queue's Redis keeps its data across the restart (append-only file, fsync always), as
// a host runs it; see docs/shared-service.md.

const key = { AZURE_TRANSLATOR_KEY: 'queue-test-key-0123456789' };
let redis: TestRedisServer;
let azure: AzureStandIn;
let directory: string;
let worker: ToexProcess | undefined;

beforeAll(async () => {
  await prepareToex();
  redis = await startRedisServer({ persistent: true });
  azure = await startAzureStandIn({ latencyMs: 20 });
  directory = mkdtempSync(join(tmpdir(), 'toex-queue-restart-'));
});

afterAll(async () => {
  worker?.child.kill('SIGKILL');
  await azure?.close();
  await redis?.stop();
  rmSync(directory, { recursive: true, force: true });
});

describe('Redis restarted mid-job', () => {
  it('pauses the job and resumes it: every row written, the same bytes, nothing sent twice', {
    timeout: 180_000,
  }, async () => {
    const input = join(directory, 'phone.csv');
    // Four requests of up to 1,000 texts, sent one at a time.
    writeFileSync(input, phoneExport(3_500, 'restart'));
    const provider = [...azure.translateArgs, '--concurrency', '1'];

    const reference = join(directory, 'reference.csv');
    const local = spawnToex(['translate', input, ...provider, '--no-cache', '--out', reference], key);
    expect(await local.exited, local.stderr()).toBe(0);
    const referenceBill = azure.billedCharacters();
    const referenceRequests = azure.requests.length;
    expect(referenceRequests).toBeGreaterThanOrEqual(3);

    worker = spawnToex(['worker', '--redis', redis.url, '--lock-duration', '10'], key);
    azure.setExtraLatency(3_000);
    const queue = openJobQueue({ redis: redis.url });
    const submitted = spawnToex(
      ['submit', 'translate', input, ...provider, '--redis', redis.url, '--json'],
      key,
    );
    expect(await submitted.exited, submitted.stderr()).toBe(0);
    const { jobId } = JSON.parse(submitted.stdout().trim()) as { jobId: string };
    await waitFor(() => azure.requests.length > referenceRequests, 60_000, 'the first request of the job');

    // Stopped between two requests of the job, down for two seconds, started again.
    await redis.restart({ downMs: 2_000 });
    azure.setExtraLatency(0);

    await waitFor(
      async () => (await getJobStatus(queue, jobId).catch(() => undefined))?.state === 'completed',
      90_000,
      'the job to complete',
    );
    await queue.close();
    expect(readFileSync(join(directory, 'phone.translated.csv'))).toEqual(readFileSync(reference));
    // The job sent each text once: the provider billed it what the uninterrupted run cost.
    expect(azure.billedCharacters() - referenceBill).toBe(referenceBill);
  });
});
