import type { Command } from '../command';
import { costEstimateCommand } from './cost-estimate';
import { costReportCommand } from './cost-report';
import { entitiesCommand } from './entities';
import { purgeCommand } from './purge';
import { redactCommand } from './redact';
import { cancelCommand, statusCommand } from './status';
import { submitTranslateCommand } from './submit';
import { transcribeCommand } from './transcribe';
import { translateCommand } from './translate';
import { workerCommand } from './worker';

/** Every subcommand, longest path first so `cost report` wins over `cost`. */
export const commands: readonly Command[] = [
  translateCommand,
  entitiesCommand,
  redactCommand,
  transcribeCommand,
  costReportCommand,
  costEstimateCommand,
  submitTranslateCommand,
  workerCommand,
  statusCommand,
  cancelCommand,
  purgeCommand,
];
