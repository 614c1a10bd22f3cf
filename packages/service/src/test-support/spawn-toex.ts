import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const sources: Record<string, string> = {
  '@toex/translate/testing': 'packages/translate/src/testing/index.ts',
  '@toex/entities/testing': 'packages/entities/src/testing/index.ts',
  '@toex/core': 'packages/core/src/index.ts',
  '@toex/costing': 'packages/costing/src/index.ts',
  '@toex/translate': 'packages/translate/src/index.ts',
  '@toex/transcribe': 'packages/transcribe/src/index.ts',
  '@toex/entities': 'packages/entities/src/index.ts',
  '@toex/service': 'packages/service/src/index.ts',
};
const bundles = new Map<string, Promise<string>>();
const children = new Set<ChildProcess>();
let exitHook = false;

/**
 * Bundles the CLI from the sources into one file (dependencies stay external), once per test process:
 * a worker process then starts in about a second, where compiling the sources on every start (tsx)
 * takes ten.
 */
function bundle(entry: string): Promise<string> {
  let built = bundles.get(entry);
  if (built !== undefined) return built;
  built = (async () => {
    const outfile = join(
      root,
      'node_modules',
      '.cache',
      'toex-service-tests',
      `${basename(entry, '.ts')}-${process.pid}.mjs`,
    );
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'error',
      define: { __PACKAGE_VERSION__: JSON.stringify('0.0.0-test') },
      banner: {
        js: "import { createRequire as __toexRequire } from 'node:module'; const require = __toexRequire(import.meta.url);",
      },
      plugins: [
        {
          name: 'toex-sources',
          setup(plugin) {
            plugin.onResolve({ filter: /^@toex\// }, (args) =>
              sources[args.path] === undefined ? undefined : { path: join(root, sources[args.path]!) },
            );
            plugin.onResolve({ filter: /^[^./]/ }, () => ({ external: true }));
          },
        },
      ],
    });
    process.once('exit', () => rmSync(outfile, { force: true }));
    return outfile;
  })();
  bundles.set(entry, built);
  return built;
}

const cliEntry = join(root, 'packages/cli/src/bin.ts');

/** A `toex` process started from the sources (through tsx), its output collected. */
export interface ToexProcess {
  readonly child: ChildProcess;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  readonly exited: Promise<number | string>;
}

/** Bundles the CLI from the sources (see `spawnToex`); call it in `beforeAll` so a test's clock starts after. */
export async function prepareToex(): Promise<void> {
  await bundle(cliEntry);
}

/** Bundles a script (a test fixture) like the CLI; returns what to give {@link spawnScript}. */
export function prepareScript(path: string): Promise<string> {
  return bundle(path);
}

/**
 * Runs `toex ARGS…` as its own process, built from the repository's sources, with `env` added. Call
 * {@link prepareToex} first.
 */
export function spawnToex(args: readonly string[], env: Record<string, string> = {}): ToexProcess {
  if (!bundles.has(cliEntry)) throw new Error('call prepareToex() before spawnToex()');
  return spawnScript(
    join(root, 'node_modules', '.cache', 'toex-service-tests', `bin-${process.pid}.mjs`),
    args,
    env,
  );
}

/** Runs a bundled script (from {@link prepareScript}) as its own process, with `env` added. */
export function spawnScript(
  bundled: string,
  args: readonly string[],
  env: Record<string, string> = {},
): ToexProcess {
  const child = spawn(process.execPath, [bundled, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (children.size === 1 && !exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const running of children) running.kill('SIGKILL');
    });
  }
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Waits until `condition` holds, checking every 100 ms, or fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
