import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { RequestRecord } from './sliding-window-check';

/**
 * A provider stand-in on loopback that counts units as Azure Translator does (on arrival, in a sliding
 * window) and answers 429 with Retry-After when the quota is exceeded. It records every request's
 * arrival (as `grantedAt`), answer and units.
 */
export function startProviderStandIn({ limit, windowMs }: { limit: number; windowMs: number }) {
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
          // Read before answering: on a loaded machine this process may be paused after the write, while
          // the worker already has the answer, and a later reading would stretch the request past it.
          const answeredAt = performance.now();
          response.writeHead(200, { 'content-type': 'application/json' }).end('[]');
          answered.push({ units, grantedAt: arrivedAt, answeredAt });
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

/**
 * Starts `redis/__fixtures__/quota-worker.ts` in its own Node process (arguments: redisUrl providerUrl
 * runMs limit windowMs concurrency seed). Write a line to its stdin once `ready` resolves to start it.
 */
export function startQuotaWorker(args: string[]) {
  const script = fileURLToPath(new URL('../redis/__fixtures__/quota-worker.ts', import.meta.url));
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
