import type { FetchFunction } from '@toex/core';

/** Where a command reads and writes: the real process, or buffers in tests. */
export interface CliIo {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Directory relative paths are resolved against. */
  cwd: string;
  /**
   * Replaces every provider's HTTP transport: `globalThis.fetch` lets msw answer in tests, and an app
   * embedding the CLI can route requests its own way. Default: undici on a shared keep-alive agent.
   */
  fetch?: FetchFunction;
}

/** Exit codes are part of the CLI contract: scripts branch on them. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  budget: 3,
  failedRows: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
