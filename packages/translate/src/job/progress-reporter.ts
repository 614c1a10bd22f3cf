import { createEtaEstimator, type ProgressEmitter } from '@toex/core';
import type { PipelineStats } from '../pipeline/pipeline-stats';
import type { JobContext } from './job-context';
import { summariseTokens } from './summarise-job';

/** Emits `progress` events from a running job's counters a few times a second, and once at the end. */
export function startProgressReporter(options: {
  jobId: string;
  stats: PipelineStats;
  context: JobContext;
  events?: ProgressEmitter;
  /** How far through the input the job is, in any unit (lines), for the time-left estimate. */
  progress?: () => { done: number; total: number };
  intervalMs?: number;
}): { stop(): void } {
  const { events, stats, context, jobId } = options;
  if (events === undefined) return { stop() {} };
  const eta = createEtaEstimator();
  const emit = () => {
    const billed = context.meter.counted === undefined ? 0 : Number(context.meter.counted.toString());
    const position = options.progress?.() ?? { done: stats.rowsDone, total: 0 };
    eta.update(position.done);
    const etaSeconds = position.total > position.done ? eta.etaSeconds(position.total) : undefined;
    const tokens = summariseTokens(context);
    const cost = context.priceUsage?.({
      characters: billed,
      ...(tokens === undefined ? {} : { inputTokens: tokens.inputTokens, outputTokens: tokens.outputTokens }),
    });
    events.emit('progress', {
      jobId,
      rowsDone: stats.rowsDone,
      failedRows: stats.failedRows,
      unitsDone: billed,
      unit: 'characters',
      billedUnits: billed,
      ...(cost === undefined ? {} : { cost: { amount: cost.toDecimalString(), currency: cost.currency } }),
      ...(etaSeconds === undefined ? {} : { etaSeconds: Math.round(etaSeconds) }),
    });
  };
  const timer = setInterval(emit, options.intervalMs ?? 250);
  // A progress timer must never keep a finished process alive.
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      emit();
    },
  };
}
