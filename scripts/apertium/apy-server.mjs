#!/usr/bin/env node
// Starts and stops a local Apertium APY server bound to 127.0.0.1, for tests, CI and the demo.
//
// Library:  const apy = await startApy({ pairs: ['spa-eng', 'eng-spa'] }); ...; await apy.stop();
// CLI:      node scripts/apertium/apy-server.mjs start [--port 2737] [--pairs spa-eng,eng-spa] [--idle-seconds 300]
//           node scripts/apertium/apy-server.mjs stop
//           node scripts/apertium/apy-server.mjs status
// `start` prints the server URL on stdout (so `export APERTIUM_URL=$(node … start)` works), leaves APY
// running in the background and records it in a pidfile; `stop` ends that process.
//
// Plain ESM JavaScript on purpose: scripts and the vitest global setup import it without a build.
import { spawn } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's interpreter: python3-tornado is installed for it, not for pyenv or other pythons on PATH. */
export const DEBIAN_PYTHON = '/usr/bin/python3';
/** Where Debian's Apertium pair packages install their `.mode` files; every file there is one pair. */
export const DEFAULT_MODES_DIRECTORY = '/usr/share/apertium/modes';
/** APY's executable; its presence means the `apertium-apy` package is installed. */
export const APY_BINARY = '/usr/bin/apertium-apy';
/** The command that installs APY and the Spanish↔English pair. */
export const INSTALL_HINT = 'bash scripts/apertium/ensure-apertium.sh';

const scriptsDirectory = dirname(fileURLToPath(import.meta.url));
const wrapperPath = join(scriptsDirectory, 'apy-loopback.py');
const repositoryRoot = join(scriptsDirectory, '..', '..');
const defaultStateDirectory = join(repositoryRoot, 'tmp', 'apertium');
const stderrTailBytes = 4_000;

/**
 * True when APY and at least one translation mode are installed, so {@link startApy} can work.
 * @param {{ modesDirectory?: string }} [options]
 */
export function isApyInstalled(options = {}) {
  const modesDirectory = options.modesDirectory ?? DEFAULT_MODES_DIRECTORY;
  return existsSync(APY_BINARY) && existsSync(DEBIAN_PYTHON) && listInstalledModes(modesDirectory).length > 0;
}

/**
 * The installed mode names (`spa-eng`, `eng-spa`, …) in a modes directory; empty when it is missing.
 * @param {string} [modesDirectory]
 * @returns {string[]}
 */
export function listInstalledModes(modesDirectory = DEFAULT_MODES_DIRECTORY) {
  if (!existsSync(modesDirectory)) return [];
  return readdirSync(modesDirectory)
    .filter((name) => name.endsWith('.mode'))
    .map((name) => name.slice(0, -'.mode'.length))
    .sort();
}

/**
 * The APY version from the installed Python package, read from its source so no interpreter is started;
 * undefined when it cannot be found. APY's HTTP API does not report its version.
 * @returns {string | undefined}
 */
export function readApyVersion() {
  const candidates = ['/usr/lib/python3/dist-packages/apertium_apy/apy.py'];
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    const match = /^__version__\s*=\s*['"]([^'"]+)['"]/m.exec(readFileSync(path, 'utf8'));
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/**
 * Binds `port` on 127.0.0.1 (0 asks the kernel for a free one) and releases it, resolving the port number.
 * Rejects with `EADDRINUSE` when the port is taken.
 * @param {number} [port]
 * @returns {Promise<number>}
 */
async function probePort(port = 0) {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(bound));
    });
  });
}

/** Asks the kernel for a free loopback port, then releases it for APY to take. */
export async function findFreePort() {
  return await probePort(0);
}

/**
 * Fails clearly when `port` is already taken. Without this check a second APY would exit on bind while
 * the readiness probe happily talks to whatever already listens there.
 * @param {number} port
 */
async function assertPortFree(port) {
  try {
    await probePort(port);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    throw new Error(
      `Port ${port} on 127.0.0.1 is not available (${code ?? String(error)}). Choose another port, or stop ` +
        'the server using it (an earlier APY: node scripts/apertium/apy-server.mjs stop).',
      { cause: error },
    );
  }
}

/**
 * Makes a private modes directory holding only `pairs`, so APY starts faster and lists only what the caller
 * wants. Copies are enough because mode files refer to the pair data by absolute path.
 * @param {string[]} pairs
 * @param {string} sourceDirectory
 */
function makePrivateModesDirectory(pairs, sourceDirectory) {
  const installed = listInstalledModes(sourceDirectory);
  const missing = pairs.filter((pair) => !installed.includes(pair));
  if (missing.length > 0) {
    throw new Error(
      `Apertium mode(s) ${missing.join(', ')} are not installed in ${sourceDirectory} ` +
        `(installed: ${installed.join(', ') || 'none'}). Install the pair package, e.g. ` +
        `"apt-get install -y apertium-eng-spa", or run ${INSTALL_HINT}.`,
    );
  }
  const directory = mkdtempSync(join(tmpdir(), 'toex-apy-modes-'));
  for (const pair of pairs) {
    copyFileSync(join(sourceDirectory, `${pair}.mode`), join(directory, `${pair}.mode`));
  }
  return directory;
}

/**
 * The APY command line for the loopback wrapper.
 * @param {{ port: number, modesDirectory: string, idleSeconds?: number }} options
 */
function apyArguments({ port, modesDirectory, idleSeconds }) {
  const args = [wrapperPath, '--port', String(port)];
  if (idleSeconds !== undefined && idleSeconds > 0) args.push('--max-idle-secs', String(idleSeconds));
  args.push(modesDirectory);
  return args;
}

/** The environment APY needs: it exits at once without a UTF-8 locale. */
function apyEnvironment() {
  return { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', PYTHONUNBUFFERED: '1' };
}

/**
 * True when `url` answers `/listPairs` with APY's JSON within `timeoutMs`.
 * @param {string} url
 * @param {number} [timeoutMs]
 */
export async function isApyAnswering(url, timeoutMs = 1_000) {
  try {
    const response = await fetch(`${url}/listPairs`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return false;
    const body = await response.json();
    return typeof body === 'object' && body !== null && Array.isArray(body.responseData);
  } catch {
    return false;
  }
}

/** @param {number} milliseconds */
const sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * True while `pid` is a live process. A zombie counts as ended: in containers whose init does not reap
 * orphans, a stopped APY lingers as a zombie that still "exists" for `kill(pid, 0)`.
 * @param {number} pid
 */
export function isProcessRunning(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state letter follows the parenthesised command name, which may itself contain spaces.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true;
  }
}

/**
 * Waits until APY answers `/listPairs`, failing early when the process exits.
 * @param {{ url: string, timeoutMs: number, hasExited: () => boolean, describeFailure: () => string }} options
 */
async function waitUntilReady({ url, timeoutMs, hasExited, describeFailure }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error(`Apertium APY exited before it was ready. ${describeFailure()}`);
    if (await isApyAnswering(url, 1_000)) return;
    await sleep(50);
  }
  throw new Error(
    `Apertium APY did not answer ${url}/listPairs within ${timeoutMs} ms. ${describeFailure()}`,
  );
}

/**
 * @typedef {object} StartApyOptions
 * @property {number} [port] Port on 127.0.0.1; 0 or absent picks a free one.
 * @property {string[]} [pairs] Modes to serve, e.g. `['spa-eng', 'eng-spa']`; absent serves every installed mode.
 * @property {number} [idleSeconds] Shut down translation pipelines unused for this long (APY `-m`); saves memory.
 * @property {string} [modesDirectory] Where the installed `.mode` files are; defaults to Debian's.
 * @property {number} [readyTimeoutMs] How long to wait for `/listPairs` to answer; default 20 s.
 * @property {number} [stopGraceMs] How long `stop()` waits after SIGTERM before SIGKILL; default 5 s.
 */

/**
 * @typedef {object} RunningApy
 * @property {string} url Base URL, e.g. `http://127.0.0.1:40123`.
 * @property {number} port
 * @property {number} pid Process id of the APY (Python) process.
 * @property {string | undefined} version APY version, when it could be read.
 * @property {() => Promise<void>} stop Ends APY: SIGTERM, then SIGKILL after the grace period.
 */

/**
 * Starts APY on 127.0.0.1 and resolves once it answers `/listPairs`.
 * @param {StartApyOptions} [options]
 * @returns {Promise<RunningApy>}
 */
export async function startApy(options = {}) {
  if (!existsSync(APY_BINARY) || !existsSync(DEBIAN_PYTHON)) {
    throw new Error(`Apertium APY is not installed (${APY_BINARY} is missing). Run: ${INSTALL_HINT}`);
  }
  const sourceModes = options.modesDirectory ?? DEFAULT_MODES_DIRECTORY;
  const modesDirectory =
    options.pairs === undefined ? sourceModes : makePrivateModesDirectory(options.pairs, sourceModes);
  const removeModes = () => {
    if (modesDirectory !== sourceModes) rmSync(modesDirectory, { recursive: true, force: true });
  };
  if (listInstalledModes(modesDirectory).length === 0) {
    removeModes();
    throw new Error(`No Apertium modes in ${modesDirectory}. Run: ${INSTALL_HINT}`);
  }

  // A picked free port can be taken by someone else before APY binds it; pick again a couple of times.
  const attempts = options.port ? 1 : 3;
  let lastError;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      const port = options.port || (await findFreePort());
      if (options.port) await assertPortFree(port);
      return await launch({ ...options, port, modesDirectory, removeModes });
    } catch (error) {
      lastError = error;
      if (!(error instanceof Error) || !/Address already in use/i.test(error.message)) break;
    }
  }
  removeModes();
  throw lastError;
}

/**
 * @param {StartApyOptions & { port: number, modesDirectory: string, removeModes: () => void }} options
 * @returns {Promise<RunningApy>}
 */
async function launch(options) {
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(DEBIAN_PYTHON, apyArguments(options), {
    env: apyEnvironment(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // APY logs every request; keep only the tail so a long test run does not grow memory.
  const collect = (/** @type {Buffer} */ chunk) => {
    output = (output + chunk.toString('utf8')).slice(-stderrTailBytes);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  /** @type {{ code: number | null, signal: NodeJS.Signals | null } | undefined} */
  let exit;
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(undefined);
    });
  });
  let spawnError;
  child.once('error', (error) => {
    spawnError = error;
    exit = exit ?? { code: null, signal: null };
  });
  // If the Node process ends without calling stop(), do not leave APY behind.
  const killOnExit = () => {
    child.kill('SIGKILL');
    options.removeModes();
  };
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (exit === undefined) {
      child.kill('SIGTERM');
      const grace = sleep(options.stopGraceMs ?? 5_000).then(() => 'timeout');
      if ((await Promise.race([exited, grace])) === 'timeout' && exit === undefined) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    options.removeModes();
  };

  try {
    await waitUntilReady({
      url,
      timeoutMs: options.readyTimeoutMs ?? 20_000,
      hasExited: () => exit !== undefined,
      describeFailure: () =>
        `${spawnError ? `Spawn error: ${spawnError}. ` : ''}` +
        `${exit ? `Exit code ${exit.code}, signal ${exit.signal}. ` : ''}` +
        `APY output (tail):\n${output.trim() || '(none)'}`,
    });
  } catch (error) {
    process.removeListener('exit', killOnExit);
    if (exit === undefined) {
      child.kill('SIGKILL');
      await exited;
    }
    throw error;
  }
  if (child.pid === undefined) throw new Error('Apertium APY started without a process id.');
  return { url, port: options.port, pid: child.pid, version: readApyVersion(), stop };
}

// ---------------------------------------------------------------------------------------------------
// CLI: a background APY recorded in a pidfile, for `.ci/run` and the demo.

/**
 * @typedef {object} PidfileState
 * @property {number} pid
 * @property {string} url
 * @property {string} modesDirectory
 * @property {string} sourceModesDirectory
 * @property {string} logFile
 */

/** @param {string} stateDirectory */
const pidfilePath = (stateDirectory) => join(stateDirectory, 'apy.pid.json');

/**
 * @param {string} stateDirectory
 * @returns {PidfileState | undefined}
 */
function readPidfile(stateDirectory) {
  const path = pidfilePath(stateDirectory);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * True when `pid` is still our wrapper, not an unrelated process that reused the id.
 * @param {number} pid
 */
function isOurApy(pid) {
  if (!isProcessRunning(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('apy-loopback.py');
  } catch {
    return false;
  }
}

/** @param {string[]} argv */
function parseCliOptions(argv) {
  /** @type {Record<string, string>} */
  const values = {};
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (!argument.startsWith('--')) throw new Error(`Unexpected argument "${argument}".`);
    const [name, inline] = argument.slice(2).split('=', 2);
    const value = inline ?? argv[++index];
    if (name === undefined || value === undefined) throw new Error(`Option ${argument} needs a value.`);
    values[name] = value;
  }
  return {
    port: values.port === undefined ? 0 : Number(values.port),
    pairs: values.pairs?.split(',').filter(Boolean),
    idleSeconds: values['idle-seconds'] === undefined ? undefined : Number(values['idle-seconds']),
    stateDirectory: values['state-dir'] ?? process.env.APY_STATE_DIR ?? defaultStateDirectory,
    modesDirectory: values['modes-dir'] ?? DEFAULT_MODES_DIRECTORY,
  };
}

/** @param {ReturnType<typeof parseCliOptions>} options */
async function cliStart(options) {
  const existing = readPidfile(options.stateDirectory);
  if (existing && isOurApy(existing.pid) && (await isApyAnswering(existing.url))) {
    process.stdout.write(`${existing.url}\n`);
    return;
  }
  if (!existsSync(APY_BINARY)) {
    throw new Error(`Apertium APY is not installed (${APY_BINARY} is missing). Run: ${INSTALL_HINT}`);
  }
  mkdirSync(options.stateDirectory, { recursive: true });
  const modesDirectory =
    options.pairs === undefined
      ? options.modesDirectory
      : makePrivateModesDirectory(options.pairs, options.modesDirectory);
  const port = options.port || (await findFreePort());
  if (options.port) await assertPortFree(port);
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(options.stateDirectory, 'apy.log');
  const log = openSync(logFile, 'w');
  // Detached in its own process group so it outlives this command; output goes to the log file.
  const child = spawn(
    DEBIAN_PYTHON,
    apyArguments({ port, modesDirectory, idleSeconds: options.idleSeconds }),
    {
      env: apyEnvironment(),
      stdio: ['ignore', log, log],
      detached: true,
    },
  );
  closeSync(log);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error('Apertium APY could not be started.');
  /** @type {PidfileState} */
  const state = { pid, url, modesDirectory, sourceModesDirectory: options.modesDirectory, logFile };
  writeFileSync(pidfilePath(options.stateDirectory), `${JSON.stringify(state, null, 2)}\n`);
  try {
    await waitUntilReady({
      url,
      timeoutMs: 20_000,
      hasExited: () => !isProcessRunning(pid),
      describeFailure: () =>
        `APY log ${logFile} (tail):\n${readFileSync(logFile, 'utf8').slice(-stderrTailBytes)}`,
    });
  } catch (error) {
    await stopPid(state);
    throw error;
  }
  process.stdout.write(`${url}\n`);
}

/**
 * Ends the recorded APY: SIGTERM, then SIGKILL after a grace period; removes its private modes directory.
 * @param {PidfileState} state
 */
async function stopPid(state) {
  if (isOurApy(state.pid)) {
    process.kill(state.pid, 'SIGTERM');
    const deadline = Date.now() + 5_000;
    while (isProcessRunning(state.pid) && Date.now() < deadline) await sleep(100);
    if (isProcessRunning(state.pid)) process.kill(state.pid, 'SIGKILL');
  }
  if (state.modesDirectory !== state.sourceModesDirectory) {
    rmSync(state.modesDirectory, { recursive: true, force: true });
  }
}

/** @param {ReturnType<typeof parseCliOptions>} options */
async function cliStop(options) {
  const state = readPidfile(options.stateDirectory);
  if (state === undefined) {
    process.stderr.write('No Apertium APY pidfile; nothing to stop.\n');
    return;
  }
  await stopPid(state);
  rmSync(pidfilePath(options.stateDirectory), { force: true });
  process.stderr.write(`Stopped Apertium APY (pid ${state.pid}).\n`);
}

/** @param {ReturnType<typeof parseCliOptions>} options */
async function cliStatus(options) {
  const state = readPidfile(options.stateDirectory);
  if (state && isOurApy(state.pid) && (await isApyAnswering(state.url))) {
    process.stdout.write(`${state.url}\n`);
    return;
  }
  process.stderr.write('Apertium APY is not running.\n');
  process.exitCode = 1;
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const options = parseCliOptions(rest);
  if (command === 'start') await cliStart(options);
  else if (command === 'stop') await cliStop(options);
  else if (command === 'status') await cliStatus(options);
  else {
    process.stderr.write(
      'Usage: node scripts/apertium/apy-server.mjs start|stop|status ' +
        '[--port N] [--pairs spa-eng,eng-spa] [--idle-seconds N] [--state-dir DIR] [--modes-dir DIR]\n',
    );
    process.exitCode = 2;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
