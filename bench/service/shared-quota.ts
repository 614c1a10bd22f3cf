/**
 * Quota use of the shared Redis rate limiter with one and with three worker processes on one API key,
 * for docs/shared-service.md. Each worker process (packages/service/src/redis/__fixtures__/quota-worker.ts)
 * runs 4 request loops of 300 to 2,000 characters against a loopback provider stand-in that counts
 * characters on arrival in a sliding window, answers after 30 to 80 ms, and refuses with 429 above the
 * quota. A short window (3 s) stands in for the providers' 60 s one, so the run stays short.
 *
 * Run: npx tsx bench/service/shared-quota.ts
 */
import {
  startProviderStandIn,
  startQuotaWorker,
} from '../../packages/service/src/test-support/quota-stand-in';
import { startRedisServer } from '../../packages/service/src/test-support/redis-server';
import {
  busiestWindow,
  maxUnitsInAnyWindow,
} from '../../packages/service/src/test-support/sliding-window-check';

const limit = 20_000;
const windowMs = 3_000;
const windows = 5;

async function run(workerCount: number) {
  const redis = await startRedisServer();
  const stand = startProviderStandIn({ limit, windowMs });
  const providerUrl = await stand.listen();
  try {
    const workers = Array.from({ length: workerCount }, (_, index) =>
      startQuotaWorker([
        redis.url,
        providerUrl,
        String(windows * windowMs),
        String(limit),
        String(windowMs),
        '4',
        String(index + 1),
      ]),
    );
    await Promise.all(workers.map((worker) => worker.ready));
    const startedAt = performance.now();
    for (const worker of workers) worker.child.stdin.write('go\n');
    await Promise.all(workers.map((worker) => worker.summary));
    // Steady use: characters arriving after the first window (whose opening burst any limiter allows), per window.
    const from = startedAt + windowMs;
    const to = startedAt + windows * windowMs;
    const steadyUnits = stand.answered
      .filter((record) => record.grantedAt >= from && record.grantedAt < to)
      .reduce((sum, record) => sum + record.units, 0);
    return {
      steady: steadyUnits / (((to - from) / windowMs) * limit),
      busiest: busiestWindow(stand.answered, windowMs) / limit,
      worst: maxUnitsInAnyWindow(stand.answered, windowMs) / limit,
      refused: stand.refused(),
      requests: stand.answered.length,
    };
  } finally {
    await stand.close();
    await redis.stop();
  }
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
process.stdout.write(
  `Shared Redis quota: ${limit.toLocaleString('en-US')} characters per ${windowMs / 1000} s window, ${windows} windows\n\n`,
);
process.stdout.write(
  '| Worker processes | Requests | Steady quota use | Busiest window | Worst window (≤ 100%) | 429s |\n',
);
process.stdout.write('| ---: | ---: | ---: | ---: | ---: | ---: |\n');
for (const count of [1, 3]) {
  const figures = await run(count);
  process.stdout.write(
    `| ${count} | ${figures.requests} | ${percent(figures.steady)} | ${percent(figures.busiest)} | ${percent(figures.worst)} | ${figures.refused} |\n`,
  );
}
