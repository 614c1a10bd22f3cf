import {
  ApiCallError,
  BudgetExceededError,
  ConfigurationError,
  InputError,
  ToexAbortError,
  ToexError,
  VERSION,
} from '@toex/core';
import type { Command } from './command';
import { commands } from './commands/index';
import { type CliIo, ExitCode } from './io';
import { UsageError } from './usage-error';

function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  const sorted = [...commands].sort((a, b) => b.path.length - a.path.length);
  for (const command of sorted) {
    if (command.path.every((word, index) => argv[index] === word)) {
      return { command, rest: argv.slice(command.path.length) };
    }
  }
  return undefined;
}

function overview(): string {
  const lines = commands.map((command) => `  toex ${command.path.join(' ').padEnd(16)} ${command.summary}`);
  return `toex ${VERSION}: bulk translation, transcription, entities and costing for investigations\n\nUsage:\n${lines.join('\n')}\n\nRun 'toex <command> --help' for a command's options.\n`;
}

/**
 * Runs the `toex` command line and returns its exit code; never throws. Errors print one line (what,
 * where, what to do), never a stack trace, unless `TOEX_DEBUG=1`.
 */
export async function runCli(
  argv: string[],
  io: CliIo,
  signal: AbortSignal = new AbortController().signal,
  stopSignal?: AbortSignal,
): Promise<ExitCode> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout.write(overview());
    return argv.length === 0 ? ExitCode.usage : ExitCode.ok;
  }
  if (argv[0] === '--version' || argv[0] === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return ExitCode.ok;
  }
  const found = findCommand(argv);
  if (found === undefined) {
    io.stderr.write(`toex: unknown command "${argv.join(' ')}".\n\n${overview()}`);
    return ExitCode.usage;
  }
  if (found.rest.includes('--help') || found.rest.includes('-h')) {
    io.stdout.write(found.command.usage);
    return ExitCode.ok;
  }
  try {
    return await found.command.run(found.rest, io, signal, stopSignal);
  } catch (error) {
    return reportError(error, io);
  }
}

/** Prints an error the way a user can act on it and maps it to the CLI's exit code. */
export function reportError(error: unknown, io: CliIo): ExitCode {
  if (io.env.TOEX_DEBUG === '1' && error instanceof Error) io.stderr.write(`${error.stack ?? ''}\n`);
  if (ToexAbortError.isInstance(error)) {
    io.stderr.write(
      'toex: stopped. No output was written; translations received so far are kept in the cache, so rerunning the same command continues where this one stopped.\n',
    );
    return ExitCode.failure;
  }
  if (ToexError.isInstance(error)) {
    io.stderr.write(`toex: ${error.message}\n`);
    if (BudgetExceededError.isInstance(error)) return ExitCode.budget;
    if (InputError.isInstance(error) || ConfigurationError.isInstance(error) || UsageError.isInstance(error))
      return ExitCode.usage;
    // A refusal no retry can fix (a rejected key, an unknown language) stops a job before it writes
    // anything: the setting is what needs changing, as for a configuration error.
    if (ApiCallError.isInstance(error) && !error.retryable) return ExitCode.usage;
    return ExitCode.failure;
  }
  io.stderr.write(`toex: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
  return ExitCode.failure;
}
