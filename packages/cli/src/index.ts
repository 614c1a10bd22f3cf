export { runCli, reportError } from './main';
export type { CliIo } from './io';
export { ExitCode } from './io';
export type { Command } from './command';
