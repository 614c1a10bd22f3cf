import { BudgetExceededError } from '@toex/core';
import { Decimal } from '@toex/costing';
import { resolveMediaTools } from '../media/media-tools';
import { planChunks } from '../media/plan-chunks';
import { type MediaProbe, probeMedia } from '../media/probe-media';
import { chunkLimitsFor } from './prepare-media';
import { billedSeconds, createSecondsPricer } from './price-seconds';
import type { TranscriptionJobOptions } from './transcription-job-options';

/** What a transcription job would send and cost, from probed durations; nothing is sent. */
export interface TranscriptionEstimate {
  files: Array<{ path: string; durationSeconds: number; requests: number; hasVideo: boolean }>;
  /** Total audio, in seconds. */
  durationSeconds: number;
  /** Requests (chunks) the job would send. */
  requests: number;
  /** Seconds the provider would bill, under its rounding rule per request. */
  billedSeconds: string;
  /** `null` when the catalogue has no price for the provider. */
  cost: { amount: string; currency: string } | null;
  /** The probes, for the job to reuse. */
  probes: MediaProbe[];
}

/**
 * Probes every input (ffprobe; nothing leaves the machine) and prices the job from the durations.
 * Chunks are counted as if cut at the limits; cutting at silences makes a few more at most, so a
 * per-request minimum may add a little. Throws `MediaError` for a file that is not usable media.
 */
export async function estimateTranscription(
  options: TranscriptionJobOptions,
): Promise<TranscriptionEstimate> {
  const tools = resolveMediaTools(options.tools);
  const probes: MediaProbe[] = [];
  for (const input of options.inputs) {
    probes.push(
      await probeMedia(input, { tools, ...(options.signal === undefined ? {} : { signal: options.signal }) }),
    );
  }
  const limits = chunkLimitsFor(options.provider.limits);
  const files = probes.map((probe) => ({
    path: probe.path,
    durationSeconds: probe.durationSeconds,
    hasVideo: probe.hasVideo,
    chunks: planChunks(probe.durationSeconds, [], limits),
  }));
  const durations = files.flatMap((file) => file.chunks.map((chunk) => chunk.end - chunk.start));
  const billed = billedSeconds(options.provider, durations);
  const pricer = createSecondsPricer(options.provider, options.costing, options.budget !== undefined);
  const cost = pricer.cost(billed) ?? null;
  return {
    files: files.map(({ chunks, ...file }) => ({ ...file, requests: chunks.length })),
    durationSeconds: probes.reduce((sum, probe) => sum + probe.durationSeconds, 0),
    requests: durations.length,
    billedSeconds: billed.toString(),
    cost,
    probes,
  };
}

/** Throws BudgetExceededError when `estimate` costs more than `budget`; nothing has been sent then. */
export function checkBudget(estimate: TranscriptionEstimate, budget: string | undefined): void {
  if (budget === undefined || estimate.cost === null) return;
  if (Decimal.from(estimate.cost.amount).greaterThan(budget)) {
    throw new BudgetExceededError({
      scope: 'job',
      limit: budget,
      committed: '0',
      requested: estimate.cost.amount,
      currency: estimate.cost.currency,
      message: `Transcribing ${estimate.durationSeconds.toFixed(0)} s of audio would cost ${estimate.cost.amount} ${estimate.cost.currency}, over the job budget of ${budget} ${estimate.cost.currency}. Nothing was sent. Raise the budget or transcribe fewer files.`,
    });
  }
}
