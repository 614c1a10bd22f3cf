import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../io';

/** A {@link CliIo} that keeps what the command prints, for assertions. */
export function bufferedIo(
  options: { cwd?: string; env?: Record<string, string | undefined>; fetch?: CliIo['fetch'] } = {},
): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: {
      write: (chunk: string) => {
        out += chunk;
      },
    },
    stderr: {
      write: (chunk: string) => {
        err += chunk;
      },
    },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    out: () => out,
    err: () => err,
  };
}

/** A fresh temporary directory and its removal. */
export async function temporaryDirectory(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'toex-cli-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Sets environment variables for one test (the adapters read keys from `process.env`); returns the undo. */
export function withEnvironment(values: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
