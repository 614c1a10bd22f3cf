import type { CostAmount } from '@toex/core';
import type { PipelineStats } from '../pipeline/pipeline-stats';
import type { JobContext } from './job-context';

/** The figures of a finished job. */
export interface JobSummary {
  jobId: string;
  /** Rows written (every input row). */
  rows: number;
  /** Rows marked `failed:<code>`; they are in the output. */
  failedRows: number;
  /** Rows with nothing to translate. */
  skippedRows: number;
  /** Characters billed by our count (the provider's rule: per target, UTF-16 or code points). */
  billedCharacters: number;
  /** Characters the provider reported metering; absent unless every request reported it. */
  meteredCharacters: number | undefined;
  /** True when our count and the provider's differ. */
  usageMismatch: boolean;
  /** Requests answered. */
  requests: number;
  /** Cost of what was billed; absent when no price is known (never a made-up zero). */
  cost: CostAmount | undefined;
  /**
   * Set when the job stopped sending early — budget reached (`budget_exceeded`), credentials refused —
   * so the remaining rows are marked failed.
   */
  stoppedBy: { code: string; message: string } | undefined;
  /** The pipeline's counters. */
  stats: PipelineStats;
}

/** Reads a job's figures from its pipeline counters and meter. */
export function summariseJob(jobId: string, stats: PipelineStats, context: JobContext): JobSummary {
  const usage = context.meter.summary();
  const billedCharacters = usage.counted === undefined ? 0 : Number(usage.counted.toString());
  const meteredCharacters = usage.reported === undefined ? undefined : Number(usage.reported.toString());
  // Priced on the provider's figure when it gave one for every request, else on our own count.
  const billable =
    usage.billable.quantity === undefined ? billedCharacters : Number(usage.billable.quantity.toString());
  const cost = context.priceCharacters?.(billable);
  return {
    jobId,
    rows: stats.rowsDone,
    failedRows: stats.failedRows,
    skippedRows: stats.skippedRows,
    billedCharacters,
    meteredCharacters,
    usageMismatch: usage.mismatchCount > 0,
    requests: usage.requests,
    cost: cost === undefined ? undefined : { amount: cost.toDecimalString(), currency: cost.currency },
    stoppedBy: stats.stoppedBy,
    stats,
  };
}

/**
 * Meters what earlier, killed attempts of this job paid the provider for (found in the memory, recorded
 * with this job's id), as one more record: the job then bills every character its attempts sent, once.
 */
export function recordEarlierAttempts(stats: PipelineStats, context: JobContext): void {
  if (stats.earlierAttemptSegments === 0) return;
  context.meter.record({
    counted: stats.earlierAttemptCharacters,
    reported: stats.earlierAttemptReportedCharacters,
  });
}
