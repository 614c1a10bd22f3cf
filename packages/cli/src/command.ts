import type { CliIo, ExitCode } from './io';

/** One `toex` subcommand. `run` gets the arguments after its own name and returns the exit code. */
export interface Command {
  /** The words that select it, e.g. `['cost', 'report']`. */
  path: readonly string[];
  /** One line for `toex --help`. */
  summary: string;
  /** Full usage text for `toex <command> --help`. */
  usage: string;
  /**
   * `signal` aborts at once; `stopSignal` asks for a graceful stop (finish what is on the wire, keep it,
   * send nothing new).
   */
  run(argv: string[], io: CliIo, signal: AbortSignal, stopSignal?: AbortSignal): Promise<ExitCode>;
}
