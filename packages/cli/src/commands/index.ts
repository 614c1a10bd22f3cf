import type { Command } from '../command';
import { costEstimateCommand } from './cost-estimate';
import { costReportCommand } from './cost-report';
import { entitiesCommand } from './entities';
import { redactCommand } from './redact';
import { transcribeCommand } from './transcribe';
import { translateCommand } from './translate';

/** Every subcommand, longest path first so `cost report` wins over `cost`. */
export const commands: readonly Command[] = [
  translateCommand,
  entitiesCommand,
  redactCommand,
  transcribeCommand,
  costReportCommand,
  costEstimateCommand,
];
