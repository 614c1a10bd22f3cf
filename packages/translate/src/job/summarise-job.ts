import type { CostAmount } from '@toex/core';
import type { PipelineStats } from '../pipeline/pipeline-stats';
import type { QualityFlagCounts } from '../quality/quality-flag';
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
  /**
   * For a provider billed per token: the tokens billed, as the provider reported them when every
   * request reported them (`source: 'provider-reported'`), else our estimate (`source: 'estimate'`),
   * with our estimate kept beside. Absent for providers billed per character.
   */
  tokens: JobTokens | undefined;
  /** Cost of what was billed; absent when no price is known (never a made-up zero). */
  cost: CostAmount | undefined;
  /**
   * Set when the job stopped sending early — budget reached (`budget_exceeded`), credentials refused —
   * so the remaining rows are marked failed.
   */
  stoppedBy: { code: string; message: string } | undefined;
  /** Rows with at least one quality flag in `toex_flags` (file jobs; 0 where flags are not checked). */
  flaggedRows: number;
  /** Rows raising each quality flag (a row flagged twice for one reason counts once). */
  qualityFlags: QualityFlagCounts;
  /** The pipeline's counters. */
  stats: PipelineStats;
}

/** Tokens a job billed; see {@link JobSummary.tokens}. */
export interface JobTokens {
  /** Input (prompt) tokens billed: reported, or estimated when a request reported none. */
  inputTokens: number;
  /** Output (reply) tokens billed, likewise. */
  outputTokens: number;
  /** Our estimate of the input tokens, made before each request was sent. */
  estimatedInputTokens: number;
  /** Our estimate of the output tokens. */
  estimatedOutputTokens: number;
  /** Where `inputTokens` and `outputTokens` come from. */
  source: 'provider-reported' | 'estimate';
}

/** Reads a job's figures from its pipeline counters and meter. */
export function summariseJob(jobId: string, stats: PipelineStats, context: JobContext): JobSummary {
  const usage = context.meter.summary();
  const billedCharacters = usage.counted === undefined ? 0 : Number(usage.counted.toString());
  const meteredCharacters = usage.reported === undefined ? undefined : Number(usage.reported.toString());
  // Priced on the provider's figure when it gave one for every request, else on our own count.
  const billable =
    usage.billable.quantity === undefined ? billedCharacters : Number(usage.billable.quantity.toString());
  const tokens = summariseTokens(context);
  const cost = context.priceUsage?.({
    characters: billable,
    ...(tokens === undefined ? {} : { inputTokens: tokens.inputTokens, outputTokens: tokens.outputTokens }),
  });
  return {
    jobId,
    rows: stats.rowsDone,
    failedRows: stats.failedRows,
    skippedRows: stats.skippedRows,
    billedCharacters,
    meteredCharacters,
    usageMismatch: usage.mismatchCount > 0,
    requests: usage.requests,
    tokens,
    cost: cost === undefined ? undefined : { amount: cost.toDecimalString(), currency: cost.currency },
    stoppedBy: stats.stoppedBy,
    flaggedRows: stats.flaggedRows,
    qualityFlags: { ...stats.qualityFlags },
    stats,
  };
}

/** The token meters' totals, for a provider billed per token. */
export function summariseTokens(context: Pick<JobContext, 'tokenMeters'>): JobTokens | undefined {
  if (context.tokenMeters === undefined) return undefined;
  const input = context.tokenMeters.input.summary();
  const output = context.tokenMeters.output.summary();
  const number = (value: { toString(): string } | undefined) =>
    value === undefined ? 0 : Number(value.toString());
  const reported = input.reported !== undefined && output.reported !== undefined;
  return {
    inputTokens: number(reported ? input.reported : input.counted),
    outputTokens: number(reported ? output.reported : output.counted),
    estimatedInputTokens: number(input.counted),
    estimatedOutputTokens: number(output.counted),
    source: reported ? 'provider-reported' : 'estimate',
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
