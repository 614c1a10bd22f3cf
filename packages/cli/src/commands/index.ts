import type { Command } from '../command';
import { costEstimateCommand } from './cost-estimate';
import { costReportCommand } from './cost-report';

/** Every subcommand, longest path first so `cost report` wins over `cost`. */
export const commands: readonly Command[] = [costReportCommand, costEstimateCommand];
