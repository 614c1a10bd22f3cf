import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { createServer } from 'node:net';
import { ConfigurationError } from '@toex/core';

/** Debian's interpreter: python3-tornado is installed for it, not for other pythons on the PATH. */
const DEBIAN_PYTHON = '/usr/bin/python3';
/** APY's executable; its presence means Debian's `apertium-apy` is installed. */
const APY_BINARY = '/usr/bin/apertium-apy';
/** Where Debian's Apertium pair packages put their `.mode` files: one file a translation direction. */
export const APERTIUM_MODES_DIRECTORY = '/usr/share/apertium/modes';
/** The one command that installs the offline engine with the Spanish↔English pair. */
export const APERTIUM_INSTALL_COMMAND = 'sudo apt-get install -y apertium-apy apertium-eng-spa';

// APY has no bind-address option and listens on every interface. A translation server holding case
// material must not be reachable from the network, so tornado's bind is pinned to loopback before APY's
// own main() runs. Passed with `-c`, so nothing but the Debian packages needs to be on disk.
const LOOPBACK_WRAPPER = [
  'import sys, tornado.tcpserver',
  '_bind = tornado.tcpserver.TCPServer.bind',
  "tornado.tcpserver.TCPServer.bind = lambda self, port, address=None, *a, **k: _bind(self, port, '127.0.0.1', *a, **k)",
  'from apertium_apy.apy import main',
  "sys.argv = ['apertium-apy'] + sys.argv[1:]",
  'main()',
].join('\n');

/** An APY server this process started on loopback. */
export interface LocalApy {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Translation directions it serves, e.g. `['eng-spa', 'spa-eng']`. */
  modes: string[];
  /** Stops the server: SIGTERM, then SIGKILL after five seconds. */
  stop(): Promise<void>;
}

/** True when Debian's `apertium-apy` and at least one language pair are installed. */
export function isApertiumInstalled(modesDirectory = APERTIUM_MODES_DIRECTORY): boolean {
  return existsSync(APY_BINARY) && existsSync(DEBIAN_PYTHON) && installedModes(modesDirectory).length > 0;
}

/** The installed translation directions (`spa-eng`, …); empty when there are none. */
export function installedModes(modesDirectory = APERTIUM_MODES_DIRECTORY): string[] {
  if (!existsSync(modesDirectory)) return [];
  return readdirSync(modesDirectory)
    .filter((name) => name.endsWith('.mode'))
    .map((name) => name.slice(0, -'.mode'.length))
    .sort();
}

/**
 * Starts Apertium APY on a free loopback port with every installed pair, and resolves once it answers
 * `/listPairs`: for a job that needs the offline engine when none is running. The server is the caller's
 * to stop; it is also killed if this process exits first.
 *
 * @throws ConfigurationError (`apertium_not_installed`) naming {@link APERTIUM_INSTALL_COMMAND} when APY or
 * its pairs are missing, and (`apertium_start_failed`) with APY's own output when it does not come up.
 */
export async function startLocalApy(
  options: { modesDirectory?: string; readyTimeoutMs?: number } = {},
): Promise<LocalApy> {
  const modesDirectory = options.modesDirectory ?? APERTIUM_MODES_DIRECTORY;
  if (!isApertiumInstalled(modesDirectory)) {
    throw new ConfigurationError({
      code: 'apertium_not_installed',
      message: `The offline engine, Apertium APY, is not installed (no ${APY_BINARY} with language pairs in ${modesDirectory}). Install it with: ${APERTIUM_INSTALL_COMMAND}`,
    });
  }
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(DEBIAN_PYTHON, ['-c', LOOPBACK_WRAPPER, '--port', String(port), modesDirectory], {
    // APY exits at once without a UTF-8 locale.
    env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // APY logs every request: keep only the tail, for an error message.
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    await terminate(child, exited);
  };
  try {
    await waitUntilAnswering(
      url,
      options.readyTimeoutMs ?? 30_000,
      () => child.exitCode !== null || spawnError !== undefined,
    );
  } catch (error) {
    await stop();
    throw new ConfigurationError({
      code: 'apertium_start_failed',
      message: `Apertium APY did not start on ${url}: ${(error as Error).message}${spawnError === undefined ? '' : ` (${spawnError.message})`}. Its output ended with: ${output.trim().slice(-600) || '(nothing)'}`,
      cause: error,
    });
  }
  return { url, modes: installedModes(modesDirectory), stop };
}

/**
 * True when `url` answers `/listPairs` as APY does, within `timeoutMs`. Asked with `node:http`, not
 * `fetch`, so a test's request interception (msw) never answers in the engine's place.
 */
export function isApyAnswering(url: string, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(`${url.replace(/\/+$/, '')}/listPairs`);
    } catch {
      resolve(false);
      return;
    }
    const get = target.protocol === 'https:' ? httpsGet : target.protocol === 'http:' ? httpGet : undefined;
    if (get === undefined) {
      resolve(false);
      return;
    }
    const request = get(target, { timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => {
        try {
          resolve(response.statusCode === 200 && Array.isArray(JSON.parse(body).responseData));
        } catch {
          resolve(false);
        }
      });
      response.on('error', () => resolve(false));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/**
 * The Debian packages behind the installed Apertium: APY and each language-pair package with its version,
 * e.g. `{ 'apertium-apy': '0.12.1-1', 'apertium-eng-spa': '0.8.0~r66416-3' }`. Empty where `dpkg-query`
 * is not available. For the manifest: the pair data decides the translation as much as the engine.
 */
export async function installedApertiumPackages(): Promise<Record<string, string>> {
  const listing = await new Promise<string>((resolve) => {
    execFile(
      'dpkg-query',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax, not JavaScript's.
      ['-W', '-f', '${Package}\\t${Version}\\t${Status}\\n', 'apertium*'],
      (error, stdout) => resolve(error === null ? stdout : typeof stdout === 'string' ? stdout : ''),
    );
  });
  const packages: Record<string, string> = {};
  for (const line of listing.split('\n')) {
    const [name, version, status] = line.split('\t');
    if (name === undefined || version === undefined || status !== 'install ok installed') continue;
    // APY itself, and pair packages (`apertium-eng-spa`); not the shared tools and libraries.
    if (name === 'apertium-apy' || /^apertium-[a-z]{2,3}-[a-z]{2,3}$/.test(name)) packages[name] = version;
  }
  return packages;
}

async function waitUntilAnswering(url: string, timeoutMs: number, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error('it exited before answering');
    if (await isApyAnswering(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no answer within ${timeoutMs} ms`);
}

async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 5_000).unref()),
  ]);
  if (timedOut) {
    child.kill('SIGKILL');
    await exited;
  }
}

function freeLoopbackPort(): Promise<number> {
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
