/**
 * One worker process for the multi-process quota test: waits for "go" on stdin, then runs `concurrency`
 * request loops against the provider stand-in for `runMs`, paced by the shared Redis limiter, and prints
 * a JSON summary. Arguments: redisUrl providerUrl runMs limit windowMs concurrency seed.
 */
import { createInterface } from 'node:readline';
import { createRedisRateLimiter } from '../redis-rate-limiter';

const [redisUrl, providerUrl, runMs, limit, windowMs, concurrency, seedText] = process.argv.slice(2);
let seed = Number(seedText);
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};

const limiter = createRedisRateLimiter({
  redis: redisUrl!,
  scope: { providerId: 'stand-in', endpoint: providerUrl!, apiKey: 'shared-contract-key-000111222333' },
  budgets: [{ unit: 'characters', limit: Number(limit), windowMs: Number(windowMs) }],
  maxConcurrency: Number(concurrency),
});

await new Promise<void>((resolve) => {
  const lines = createInterface({ input: process.stdin });
  lines.once('line', () => {
    lines.close();
    process.stdin.destroy();
    resolve();
  });
  process.stdout.write('ready\n');
});

const stopAt = performance.now() + Number(runMs);
let requests = 0;
let units = 0;
let throttled = 0;
await Promise.all(
  Array.from({ length: Number(concurrency) }, async () => {
    while (performance.now() < stopAt) {
      const size = 300 + Math.floor(random() * 1_700);
      const permit = await limiter.acquire({ characters: size });
      try {
        const response = await fetch(providerUrl!, { method: 'POST', body: JSON.stringify({ units: size }) });
        await response.text();
        if (response.status === 429) {
          throttled++;
          limiter.throttled({ retryAfterMs: Number(response.headers.get('retry-after') ?? '1') * 1000, permit });
          permit.refund();
        } else {
          requests++;
          units += size;
          limiter.succeeded();
        }
      } finally {
        permit.release();
      }
    }
  }),
);
await limiter.close();
// Exits at once: idle keep-alive connections to the stand-in would otherwise hold the process open.
process.stdout.write(`${JSON.stringify({ requests, units, throttled })}\n`, () => process.exit(0));
