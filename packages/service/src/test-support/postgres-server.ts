// Test support, not exported: a throwaway PostgreSQL cluster made with initdb in a temporary directory,
// listening on a free 127.0.0.1 port. Never a system service.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A running throwaway server. */
export interface PostgresTestServer {
  /** `postgres://toex@127.0.0.1:PORT/toex`: a database created for the caller. Trust auth: no password. */
  url: string;
  /** The loopback port. */
  port: number;
  /** Creates another empty database on the same server and returns its URL (cheaper than a new cluster). */
  createDatabase(name: string): Promise<string>;
  /** Stops the server at once and removes its directory. */
  stop(): Promise<void>;
}

const superuser = 'toex';

/** The newest installed PostgreSQL's `bin` directory (Debian layout), or the one in `TOEX_PG_BIN`. */
export function findPostgresBin(): string {
  const configured = process.env.TOEX_PG_BIN;
  if (configured !== undefined && configured !== '') return configured;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'postgres')))
        .sort((left, right) => Number(right) - Number(left))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL is not installed, so the PostgreSQL tests cannot run. Install it with: apt-get install -y postgresql (or set TOEX_PG_BIN).',
    );
  }
  return join(root, versions[0]!, 'bin');
}

// initdb and postgres refuse to run as root; CI runs tests as root, so they then run as the
// `postgres` system user that Debian's package creates.
function systemUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (line === undefined) {
    throw new Error('Running as root needs the "postgres" system user (apt-get install -y postgresql).');
  }
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

// setpriv drops to the postgres user when root and, in every case, asks the kernel to SIGKILL the
// server when this process dies, so a crashed or killed test run leaves no server behind.
function command(user: { uid: number; gid: number } | undefined, program: string, args: string[]) {
  const prefix = ['--pdeathsig', 'KILL'];
  if (user !== undefined) prefix.push(`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups');
  return { file: 'setpriv', args: [...prefix, '--', program, ...args] };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(),
      );
    });
  });
}

async function waitUntilReady(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`PostgreSQL exited before it was ready (port ${port}):\n${log()}`);
    }
    const client = new pg.Client({ host: '127.0.0.1', port, user: superuser, database: 'postgres' });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections in 30 s:\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Makes a cluster with initdb in a temporary directory, starts it on a free 127.0.0.1 port (unix socket
 * inside the directory; fsync off: the data is thrown away), and creates database `toex`.
 */
export async function startPostgresServer(): Promise<PostgresTestServer> {
  const bin = findPostgresBin();
  const user = systemUser();
  const directory = await mkdtemp(join(tmpdir(), 'toex-pg-'));
  const data = join(directory, 'data');
  const sockets = join(directory, 'sockets');
  await mkdir(sockets);
  if (user !== undefined) {
    await chown(directory, user.uid, user.gid);
    await chown(sockets, user.uid, user.gid);
  }
  const init = command(user, join(bin, 'initdb'), [
    '--pgdata',
    data,
    '--username',
    superuser,
    '--auth',
    'trust',
    '--encoding',
    'UTF8',
    '--locale',
    'C',
    '--no-sync',
  ]);
  execFileSync(init.file, init.args, { cwd: directory, stdio: 'pipe' });

  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const run = command(user, join(bin, 'postgres'), [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      sockets,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
    ]);
    const child = spawn(run.file, run.args, { cwd: directory, stdio: ['ignore', 'ignore', 'pipe'] });
    let output = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      output = (output + chunk).slice(-4000);
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    try {
      await waitUntilReady(port, child, () => output);
    } catch (error) {
      lastError = error;
      process.removeListener('exit', killOnExit);
      child.kill('SIGKILL');
      await exited;
      continue; // most likely the port was taken between the probe and the bind
    }
    const admin = async (sql: string) => {
      const client = new pg.Client({ host: '127.0.0.1', port, user: superuser, database: 'postgres' });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    const createDatabase = async (name: string) => {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain database name: ${name}`);
      await admin(`CREATE DATABASE ${name}`);
      return `postgres://${superuser}@127.0.0.1:${port}/${name}`;
    };
    const url = await createDatabase('toex');
    let stopped: Promise<void> | undefined;
    return {
      url,
      port,
      createDatabase,
      stop() {
        stopped ??= (async () => {
          process.removeListener('exit', killOnExit);
          // SIGQUIT: immediate shutdown; nothing here needs to survive.
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(timer);
          await rm(directory, { recursive: true, force: true });
        })();
        return stopped;
      },
    };
  }
  await rm(directory, { recursive: true, force: true });
  throw lastError;
}
