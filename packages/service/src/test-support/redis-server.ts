import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway redis-server for tests. */
export interface TestRedisServer {
  /** `redis://127.0.0.1:PORT`: no password, database 0. */
  readonly url: string;
  /** The loopback port it listens on; the same after {@link TestRedisServer.restart}. */
  readonly port: number;
  /** Stops the server (SIGTERM, then SIGKILL) and removes its directory. Calling it again does nothing. */
  stop(): Promise<void>;
  /**
   * Stops the server, leaves it down for `downMs` (default 0), and starts it again on the same port. Without
   * `persistent` every key is gone, as after a crash of a Redis without persistence; with it, every key
   * is back from the append-only file, as a host's queue Redis comes back. For "Redis restarted mid-job"
   * tests.
   */
  restart(options?: { downMs?: number }): Promise<void>;
}

/** Options of {@link startRedisServer}. */
export interface StartRedisServerOptions {
  /** The redis-server binary; default `REDIS_SERVER` from the environment, else `redis-server` on the PATH. */
  binary?: string;
  /** Extra command-line arguments, e.g. `['--maxmemory', '64mb']`. */
  extraArguments?: readonly string[];
  /** How long to wait for the server to answer PING, in milliseconds. Default 10,000. */
  startTimeoutMs?: number;
  /**
   * Appends and fsyncs every write (`--appendonly yes --appendfsync always`), as a host should run the
   * queue's Redis, so {@link TestRedisServer.restart} loses nothing. Default: no persistence.
   */
  persistent?: boolean;
}

// Servers still running, killed when the test process exits however it exits.
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = () => {
    for (const child of running) child.kill('SIGKILL');
  };
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      process.kill(process.pid, signal);
    });
  }
}

/**
 * Starts redis-server on a free loopback port, with no persistence (`--save '' --appendonly no`) unless
 * `persistent`, in its own temporary directory, and waits until it answers PING. Never touches a system service. Servers
 * left running are killed when the test process exits.
 */
export async function startRedisServer(options: StartRedisServerOptions = {}): Promise<TestRedisServer> {
  installExitHook();
  const binary = options.binary ?? process.env.REDIS_SERVER ?? 'redis-server';
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  const port = await freePort();
  let directory = mkdtempSync(join(tmpdir(), 'toex-redis-'));
  let child: ChildProcess | undefined;

  const start = async () => {
    const spawned = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        ...(options.persistent === true
          ? ['--appendonly', 'yes', '--appendfsync', 'always']
          : ['--appendonly', 'no']),
        '--dir',
        directory,
        '--protected-mode',
        'yes',
        ...(options.extraArguments ?? []),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    spawned.stdout?.on('data', (chunk: Buffer) => {
      if (output.length < 8_000) output += chunk.toString();
    });
    spawned.stderr?.on('data', (chunk: Buffer) => {
      if (output.length < 8_000) output += chunk.toString();
    });
    running.add(spawned);
    spawned.once('exit', () => running.delete(spawned));
    child = spawned;
    const failed = new Promise<never>((_, reject) => {
      spawned.once('error', (error) => reject(error));
      spawned.once('exit', (code) =>
        reject(new Error(`redis-server exited with code ${code} before answering:\n${output}`)),
      );
    });
    await Promise.race([waitForPing(port, startTimeoutMs), failed]);
  };

  const stopProcess = async () => {
    const current = child;
    child = undefined;
    if (current === undefined || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    current.kill('SIGTERM');
    const timer = setTimeout(() => current.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  let stopped = false;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopProcess();
      rmSync(directory, { recursive: true, force: true });
    },
    async restart(restartOptions = {}) {
      await stopProcess();
      if (options.persistent !== true) {
        rmSync(directory, { recursive: true, force: true });
        directory = mkdtempSync(join(tmpdir(), 'toex-redis-'));
      }
      if ((restartOptions.downMs ?? 0) > 0) {
        await new Promise((resolve) => setTimeout(resolve, restartOptions.downMs));
      }
      await start();
    },
  };
}

/** A port the kernel reports free on 127.0.0.1 (it may be taken again before use, which is rare). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once a raw PING on `port` gets an answer (`+PONG`, or `-NOAUTH` with a password set). */
async function waitForPing(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await ping(port)) return;
    if (Date.now() > deadline)
      throw new Error(`redis-server on port ${port} did not answer within ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      // A server with a password answers NOAUTH: it is up all the same.
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG') || answer.startsWith('-NOAUTH'));
    });
  });
}
