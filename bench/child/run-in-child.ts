import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { benchBuildDirectory, repositoryRoot } from '../paths';
import { resultLinePrefix } from './measurement-spec';

/** Entry points scripts/bench.mjs bundles besides `main`, each run as a child process. */
export type ChildEntry = 'measure' | 'azure-stand-in' | 'quota-client';

/** Options of {@link runInChild}. */
export interface ChildOptions {
  /** Extra Node flags, e.g. `--cpu-prof`. */
  nodeArguments?: readonly string[];
  /** Called with each line the child prints that is not its result. */
  onLine?: (line: string) => void;
}

/**
 * Runs a bundled entry point in a fresh plain-Node process with `argument` as JSON, and returns the JSON
 * it prints after {@link resultLinePrefix}. A fresh process per measurement means each peak RSS belongs
 * to that measurement alone and nothing is warmed up by an earlier one. Plain Node, not tsx: tsx's
 * loader thread alone adds about 90 MB of RSS, which would swamp the figures being measured.
 */
export function runInChild<Result>(
  entry: ChildEntry,
  argument: unknown,
  options: ChildOptions = {},
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = startChild(entry, argument, options.nodeArguments);
    let buffered = '';
    let result: Result | undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      buffered += text;
      let newline = buffered.indexOf('\n');
      while (newline !== -1) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith(resultLinePrefix))
          result = JSON.parse(line.slice(resultLinePrefix.length)) as Result;
        else options.onLine?.(line);
        newline = buffered.indexOf('\n');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`${entry} exited with ${signal ?? `code ${code}`} and no result.`));
    });
  });
}

/** Starts a bundled entry point as a child process, stdout piped, stderr shared. */
export function startChild(entry: ChildEntry, argument: unknown, nodeArguments: readonly string[] = []) {
  return spawn(
    process.execPath,
    [...nodeArguments, join(benchBuildDirectory, `${entry}.mjs`), JSON.stringify(argument)],
    { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
}
