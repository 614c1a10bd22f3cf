// A worker process for the shared-quota test: `toex worker` through the library, with the quota's
// window shortened so the test sees many windows in a few seconds. Usage:
//   quota-worker REDIS_URL CHARACTERS_PER_WINDOW WINDOW_MS
// Stops on SIGTERM like `toex worker`.
import { createWorker, openSharedServices } from '../../index';

const [redis, quota, windowMs] = process.argv.slice(2);
const charactersPerMinute = Number(quota);
const shared = await openSharedServices({
  redis: redis!,
  charactersPerMinute,
  quotaWindowMs: Number(windowMs),
  env: process.env,
});
const worker = createWorker({
  redis: redis!,
  charactersPerMinute,
  lockDurationMs: 5_000,
  stalledIntervalMs: 5_000,
  ...shared.workerOptions,
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stderr.write('ready\n');
process.once('SIGTERM', () => {
  void worker
    .close()
    .then(() => shared.close())
    .then(() => process.exit(0));
});
