/**
 * Jobs a minute and quota use for one and for three queue workers sharing one provider key's quota, for
 * the sizing figures in docs/shared-service.md. Starts a throwaway redis-server and a loopback stand-in
 * for Azure Translator (20 ms a request), then worker processes (the library's `createWorker` with the
 * shared memory and limiter, as `toex worker` runs them), submits small phone exports and measures until
 * every job completes. The quota window is shortened (default 10 s) so a run sees many windows.
 *
 * Run: npx tsx bench/service/queue-throughput.ts [--jobs N] [--quota CHARACTERS] [--window-ms MS]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getJobStatus, openJobQueue, type SubmittedJob, submitJob } from '@toex/service';
import {
  busiestWindowCharacters,
  startAzureStandIn,
} from '../../packages/service/src/test-support/azure-stand-in';
import { phoneExport } from '../../packages/service/src/test-support/phone-export';
import { startRedisServer } from '../../packages/service/src/test-support/redis-server';
import { prepareScript, spawnScript, waitFor } from '../../packages/service/src/test-support/spawn-toex';
import { formatPercent, renderTable } from '../report/table';

const { values } = parseArgs({
  options: { jobs: { type: 'string' }, quota: { type: 'string' }, 'window-ms': { type: 'string' } },
});
const jobCount = Number(values.jobs ?? 12);
const quota = Number(values.quota ?? 30_000);
const windowMs = Number(values['window-ms'] ?? 10_000);

const redis = await startRedisServer();
const azure = await startAzureStandIn({ latencyMs: 20 });
const directory = mkdtempSync(join(tmpdir(), 'toex-queue-bench-'));
const script = await prepareScript(
  join(import.meta.dirname, '../../packages/service/src/worker/__fixtures__/quota-worker.ts'),
);

async function measure(workers: number) {
  const apiKey = `bench-key-${workers}-workers-0123456789`;
  const started = Array.from({ length: workers }, () =>
    spawnScript(script, [redis.url, String(quota), String(windowMs)], { AZURE_TRANSLATOR_KEY: apiKey }),
  );
  await waitFor(() => started.every((worker) => worker.stderr().includes('ready')), 60_000, 'the workers');
  const queue = openJobQueue({ redis: redis.url });
  const before = azure.requests.length;
  const submittedAt = Date.now();
  const jobs: SubmittedJob[] = [];
  for (let index = 0; index < jobCount; index += 1) {
    const input = join(directory, `${workers}-${index}.csv`);
    writeFileSync(input, phoneExport(200, `${workers}-${index}`));
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
    30 * 60_000,
    'the jobs',
  );
  const elapsedMs = Date.now() - submittedAt;
  await queue.close();
  for (const worker of started) worker.child.kill('SIGTERM');
  await Promise.all(started.map((worker) => worker.exited));
  const requests = azure.requests.slice(before);
  const characters = requests.reduce((sum, request) => sum + request.characters, 0);
  return {
    workers,
    jobsPerMinute: (jobCount * 60_000) / elapsedMs,
    characters,
    // Of what the quota allowed over the run, the first window included.
    quotaUse: characters / (quota * Math.ceil(elapsedMs / windowMs)),
    busiestWindow: busiestWindowCharacters(requests, windowMs) / quota,
    refused: requests.filter((request) => request.status === 429).length,
  };
}

try {
  const rows = [];
  for (const workers of [1, 3]) rows.push(await measure(workers));
  process.stdout.write(
    `${renderTable(
      `Queue workers sharing one quota of ${quota.toLocaleString('en-GB')} characters per ${windowMs / 1000} s (${jobCount} jobs of 200 rows, provider 20 ms a request)`,
      ['workers', 'jobs per minute', 'characters', 'quota use', 'busiest window', '429s'],
      rows.map((row) => [
        row.workers,
        row.jobsPerMinute.toFixed(1),
        row.characters,
        formatPercent(row.quotaUse),
        formatPercent(row.busiestWindow),
        row.refused,
      ]),
    )}\n`,
  );
} finally {
  await azure.close();
  await redis.stop();
  rmSync(directory, { recursive: true, force: true });
}
