import type { Command } from '../command';

/** Every subcommand, longest path first so `cost report` wins over `cost`. */
export const commands: readonly Command[] = [];
