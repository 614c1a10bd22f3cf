import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ContentStore, CostAmount } from '@toex/core';
import { PipelineStats } from '../pipeline/pipeline-stats';
import type { StoredTranslation } from '../pipeline/stored-translation';
import { type SendRequest, translateRowBatches } from '../pipeline/translate-rows';
import { secondOpinionSettings } from '../quality/second-opinion-settings';
import { readInput } from '../readers/read-input';
import type { TranslationResponse } from '../spec';
import { createJobContext, pipelineOptionsFor, translationMemoryFileName } from './job-context';
import { estimateRequestUsage } from './request-usage';
import { readerOptionsFor, type TranslateFileOptions } from './translate-file';

/** What a file job would send and cost, counted without sending anything. */
export interface TranslationEstimate {
  /** Data rows in the input. */
  rows: number;
  /** Segments needing translation, duplicates included (long texts count once per part). */
  segments: number;
  /** Distinct segments: what a run would obtain from the memory or the provider. */
  uniqueSegments: number;
  /** Of those, already in the translation memory: free on this run. */
  cachedSegments: number;
  /** Rows with nothing to translate. */
  skipped: number;
  /** Characters the provider would bill, by its rule (per target language, UTF-16 or code points). */
  billableCharacters: number;
  /** Requests the job would send, packed at the provider's limits. */
  requests: number;
  /**
   * For a provider billed per token: the input and output tokens the requests are expected to bill,
   * estimated from their characters by the provider (see its `estimateTokens`). Absent otherwise.
   */
  estimatedTokens?: { inputTokens: number; outputTokens: number };
  /**
   * The price of `billableCharacters` (of `estimatedTokens` for a provider billed per token); `null` when
   * the catalogue has no price for the provider.
   */
  cost: CostAmount | null;
  /**
   * With a second opinion: what the second provider would bill for its sample, estimated as its bill for
   * every text times the share of rows sampled (1 in N). In its own price list's currency unless the
   * job names one.
   */
  secondOpinion?: { provider: string; billableCharacters: number; requests: number; cost: CostAmount | null };
}

/**
 * Counts and prices a file job before anything is sent: reads the whole input through the same
 * skipping, splitting, dedupe, memory lookup and packing as a real run, and never calls the provider
 * or writes to the memory. Dedupe here is exact over the whole file.
 */
export async function estimateTranslation(options: TranslateFileOptions): Promise<TranslationEstimate> {
  const estimate = await countAndPrice(options, 1);
  if (options.secondOpinion === undefined) return estimate;
  const { every } = secondOpinionSettings(options.secondOpinion);
  const {
    secondOpinion,
    budget: _budget,
    onInputOpened: _opened,
    onReaderWarning: _warning,
    ...rest
  } = options;
  const second = await countAndPrice({ ...rest, provider: secondOpinion.provider }, 1 / every);
  return {
    ...estimate,
    secondOpinion: {
      provider: secondOpinion.provider.id,
      billableCharacters: second.billableCharacters,
      requests: second.requests,
      cost: second.cost,
    },
  };
}

/** Counts a job and prices `share` of what it would bill (1: all of it). */
async function countAndPrice(options: TranslateFileOptions, share: number): Promise<TranslationEstimate> {
  const document = await readInput(options.input, {
    ...readerOptionsFor(options),
    ...(options.onReaderWarning === undefined ? {} : { onWarning: options.onReaderWarning }),
  });
  options.onInputOpened?.({
    format: document.format,
    encoding: document.encoding,
    layout: document.layout,
    textColumns: document.textColumns,
  });
  // No budget: an estimate must be able to say what would be over it. And no new memory: an estimate
  // writes nothing, and a memory that does not exist yet holds nothing anyway.
  const { budget: _budget, ...withoutBudget } = options;
  const noMemoryYet =
    typeof options.cache === 'string' && !existsSync(join(options.cache, translationMemoryFileName));
  const context = await createJobContext(
    noMemoryYet ? { ...withoutBudget, cache: false } : withoutBudget,
    'estimate',
  );
  const stats = new PipelineStats();
  let billableCharacters = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let requests = 0;
  const send: SendRequest = async (request) => {
    requests += 1;
    // Counted as the sender reserves it, glossary markup included where the provider bills it.
    const usage = estimateRequestUsage(options.provider, request);
    billableCharacters += usage.characters;
    inputTokens += usage.inputTokens ?? 0;
    outputTokens += usage.outputTokens ?? 0;
    // Echo the texts back: nothing is sent, and the translations are never stored or shown.
    const response: TranslationResponse = {
      items: request.texts.map((text) => ({
        translations: Object.fromEntries(request.to.map((target) => [target, text])),
      })),
      warnings: [],
    };
    return response;
  };
  try {
    for await (const _batch of translateRowBatches(document.rows, {
      ...pipelineOptionsFor(options, context),
      // Read-only: an estimate never writes to the memory.
      ...(context.store === undefined ? {} : { store: readOnly(context.store) }),
      send,
      stats,
      // Exact dedupe over the whole file, so the count is what a run with an ample memory would send.
      recentResultsCapacity: Number.POSITIVE_INFINITY,
    })) {
      // Rows are only counted.
    }
    billableCharacters = Math.ceil(billableCharacters * share);
    inputTokens = Math.ceil(inputTokens * share);
    outputTokens = Math.ceil(outputTokens * share);
    requests = Math.ceil(requests * share);
    const tokenBilled = options.provider.billing.unit === 'token';
    const cost = context.priceUsage?.({ characters: billableCharacters, inputTokens, outputTokens });
    return {
      rows: stats.rowsDone,
      segments: stats.segments,
      uniqueSegments: stats.uniqueSegments,
      cachedSegments: stats.cachedSegments,
      skipped: stats.skippedRows,
      billableCharacters,
      requests,
      ...(tokenBilled ? { estimatedTokens: { inputTokens, outputTokens } } : {}),
      cost: cost === undefined ? null : { amount: cost.toDecimalString(), currency: cost.currency },
    };
  } finally {
    await document.close();
    await context.close();
  }
}

function readOnly(store: ContentStore<StoredTranslation>): ContentStore<StoredTranslation> {
  return {
    getMany: (keys) => store.getMany(keys),
    putMany: async () => {},
    get size() {
      return store.size;
    },
    close: async () => {},
  };
}
