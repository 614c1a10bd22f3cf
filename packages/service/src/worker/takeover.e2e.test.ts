import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJobStatus, openJobQueue } from '../index';
import { type AzureStandIn, startAzureStandIn } from '../test-support/azure-stand-in';
import { phoneExport } from '../test-support/phone-export';
import { startRedisServer, type TestRedisServer } from '../test-support/redis-server';
import { prepareToex, spawnToex, type ToexProcess, waitFor } from '../test-support/spawn-toex';

// A worker process killed with SIGKILL mid-job: another worker takes the job over (BullMQ's stalled-job
// check), resumes it from the shared translation memory, and writes the bytes an uninterrupted run writes.

const key = { AZURE_TRANSLATOR_KEY: 'queue-test-key-0123456789' };
let redis: TestRedisServer;
let azure: AzureStandIn;
let directory: string;
const workers: ToexProcess[] = [];

beforeAll(async () => {
  await prepareToex();
  redis = await startRedisServer();
  azure = await startAzureStandIn({ latencyMs: 20 });
  directory = mkdtempSync(join(tmpdir(), 'toex-queue-takeover-'));
});

afterAll(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await azure?.close();
  await redis?.stop();
  rmSync(directory, { recursive: true, force: true });
});

const utf16Length = (texts: readonly string[]) => texts.reduce((sum, text) => sum + text.length, 0);

describe('a worker killed mid-job', () => {
  it('is taken over by another worker: the same bytes, re-billing at most what was in flight, one ledger entry that bills every character once', {
    timeout: 240_000,
  }, async () => {
    const input = join(directory, 'phone.csv');
    // Five requests of up to 1,000 texts, sent one at a time.
    writeFileSync(input, phoneExport(4_500, 'takeover'));
    const provider = [...azure.translateArgs, '--concurrency', '1'];
    const reference = join(directory, 'reference.csv');
    const local = spawnToex(['translate', input, ...provider, '--no-cache', '--out', reference], key);
    expect(await local.exited, local.stderr()).toBe(0);
    const uninterruptedBill = azure.billedCharacters();
    const before = azure.requests.length;

    const ledger = join(directory, 'ledger.jsonl');
    const worker = ['worker', '--redis', redis.url, '--lock-duration', '3', '--ledger', ledger];
    const first = spawnToex(worker, key);
    workers.push(first);
    azure.setExtraLatency(1_500);
    const submitted = spawnToex(
      [
        'submit',
        'translate',
        input,
        ...provider,
        '--redis',
        redis.url,
        '--json',
        '--case',
        'OP-7',
        '--org',
        'force-a',
      ],
      key,
    );
    expect(await submitted.exited, submitted.stderr()).toBe(0);
    const { jobId } = JSON.parse(submitted.stdout().trim()) as { jobId: string };

    // Two requests answered (and stored), the third on the wire: kill.
    await waitFor(
      () => azure.requests.length - before >= 2 && azure.inFlight().length === 1,
      90_000,
      'two answers and one request in flight',
    );
    const inFlightCharacters = utf16Length(azure.inFlight().flatMap((request) => request.texts));
    first.child.kill('SIGKILL');
    await first.exited;
    const killedAt = Date.now();
    azure.setExtraLatency(0);

    const second = spawnToex(worker, key);
    workers.push(second);
    const queue = openJobQueue({ redis: redis.url });
    try {
      await waitFor(
        async () => (await getJobStatus(queue, jobId)).state === 'completed',
        120_000,
        'the job to complete',
      );
      const status = await getJobStatus(queue, jobId);
      const takeoverSeconds = (Date.now() - killedAt) / 1000;
      expect(takeoverSeconds).toBeLessThan(60);
      expect(status.takeovers).toBe(1);

      expect(readFileSync(join(directory, 'phone.translated.csv'))).toEqual(readFileSync(reference));
      const jobBill = azure.billedCharacters() - uninterruptedBill;
      // Re-billed: only the request that was on the wire when the worker died.
      expect(jobBill - uninterruptedBill).toBeLessThanOrEqual(inFlightCharacters);
      expect(jobBill).toBeGreaterThanOrEqual(uninterruptedBill);
      // The job bills every character its attempts got back, once: what an uninterrupted run bills.
      expect(status.result?.billedCharacters).toBe(uninterruptedBill);
      const entries = readFileSync(ledger, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      // Written once, by the attempt that completed: the killed one left nothing.
      const lines = entries.filter((entry) => entry.jobId === jobId);
      expect(lines.length).toBeGreaterThan(0);
      expect(new Set(lines.map((line) => line.time)).size).toBe(1);
      expect(lines.reduce((sum, line) => sum + Number(line.quantity), 0)).toBe(uninterruptedBill);
      expect(lines[0]).toMatchObject({ caseReference: 'OP-7', organisation: 'force-a' });
      console.log(
        `takeover: ${takeoverSeconds.toFixed(1)} s after the kill; in flight ${inFlightCharacters} characters; job bill ${jobBill} vs ${uninterruptedBill}`,
      );
    } finally {
      await queue.close();
    }
  });
});
