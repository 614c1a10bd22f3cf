import { ConfigurationError, type ManifestAdditionalProvider, manifestEndpoint } from '@toex/core';
import { PipelineStats } from '../pipeline/pipeline-stats';
import { type PipelineOutputRow, translateRows } from '../pipeline/translate-rows';
import type { QualityFlag } from '../quality/quality-flag';
import { type SecondOpinionOptions, secondOpinionSettings } from '../quality/second-opinion-settings';
import { similarityGramLength, translationSimilarity } from '../quality/similarity';
import type { TranslationEngine } from '../spec';
import { createJobContext, createJobSender, type JobContext, pipelineOptionsFor } from './job-context';
import { recordInLedger } from './record-in-ledger';
import { type JobSummary, summariseJob } from './summarise-job';
import type { TranslationJobOptions } from './translation-job-options';

/** The second translations of one row's texts, by text (absent where the text was not sampled or failed). */
export type SecondTranslations = ReadonlyArray<Record<string, string> | undefined>;

/** What a second opinion found and cost, for the job's result. */
export interface SecondOpinionSummary {
  /** The second provider's id. */
  provider: string;
  /** Rows given a second opinion. */
  sampledRows: number;
  /** Texts the second provider translated (or found in the memory). */
  texts: number;
  /** Texts the second provider could not translate: their rows have no second opinion. */
  failedTexts: number;
  /** Rows where the two translations disagree (flagged `second-opinion`). */
  disagreements: number;
  /** The second provider's own figures: billed characters, requests, cost. */
  usage: Pick<JobSummary, 'billedCharacters' | 'meteredCharacters' | 'requests' | 'cost'>;
}

/** A second opinion for one job, open until the job ends. */
export interface SecondOpinion {
  /** The sample interval: every Nth translated row (1: every row). */
  readonly every: number;
  /**
   * Translates the sampled texts of `rows` with the second provider; adds `second-opinion` to the flags
   * of rows whose translations disagree; returns each row's second translations (undefined when not
   * sampled). Only rows with status `ok` are sampled, every Nth of them across the job.
   */
  review(
    rows: ReadonlyArray<PipelineOutputRow<unknown>>,
    flags: ReadonlyArray<Set<QualityFlag>>,
  ): Promise<Array<SecondTranslations | undefined>>;
  summary(): SecondOpinionSummary;
  /** The manifest's `additionalProviders` entry. */
  manifestEntry(): Promise<ManifestAdditionalProvider>;
  /** Records the second provider's cost in the job's ledger, when it has one. */
  recordInLedger(time: Date): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the second opinion of a job: its own pricing, metering and pacing, the job's translation memory
 * (so a rerun pays for no second translation twice) and the job's budget (the budget caps both providers
 * together: the second provider is priced in the job's currency).
 */
export async function openSecondOpinion(
  options: TranslationJobOptions,
  second: SecondOpinionOptions,
  main: JobContext,
  jobId: string,
): Promise<SecondOpinion> {
  const { every, threshold } = secondOpinionSettings(second);
  const { budget: _budget, ledger: _ledger, events: _events, cache: _cache, ...rest } = options;
  let secondOptions: TranslationJobOptions = {
    ...rest,
    provider: second.provider,
    ...(main.store === undefined ? {} : { cache: main.store }),
    costing: { ...options.costing, currency: main.currency },
  };
  let opened: JobContext;
  try {
    opened = await createJobContext(secondOptions, `${jobId}-second-opinion`);
  } catch (error) {
    // Priced in another currency with no rate to the job's: without a budget or a currency asked for,
    // its cost is reported in its own price list's currency rather than refusing the job. A budget caps
    // both providers together, so it needs the rate, and the error says which one to add.
    if (
      !ConfigurationError.isInstance(error) ||
      options.budget !== undefined ||
      options.costing?.currency !== undefined
    )
      throw error;
    const { currency: _currency, ...costing } = options.costing ?? {};
    secondOptions = { ...secondOptions, costing };
    opened = await createJobContext(secondOptions, `${jobId}-second-opinion`);
  }
  const context: JobContext = {
    ...opened,
    budget: opened.currency === main.currency ? main.budget : undefined,
  };
  const send = createJobSender(secondOptions, context, jobId);
  const stats = new PipelineStats();
  let translatedRows = 0;
  let sampledRows = 0;
  let disagreements = 0;
  return {
    every,
    async review(rows, flags) {
      const sampled: Array<{ row: number; text: number; source: string }> = [];
      rows.forEach((row, index) => {
        if (row.status !== 'ok') return;
        translatedRows += 1;
        if ((translatedRows - 1) % every !== 0) return;
        sampledRows += 1;
        row.texts.forEach((text, position) => {
          if (text.outcome.kind === 'translated')
            sampled.push({ row: index, text: position, source: text.source });
        });
      });
      const found: Array<Array<Record<string, string> | undefined> | undefined> = rows.map(() => undefined);
      if (sampled.length === 0) return found;
      const results = translateRows(
        sampled.map((item) => ({ texts: [{ column: 'text', text: item.source }] })),
        { ...pipelineOptionsFor(secondOptions, context), send, stats },
      );
      let index = 0;
      for await (const result of results) {
        const item = sampled[index]!;
        index += 1;
        const text = result.texts[0]!;
        if (text.outcome.kind !== 'translated') continue;
        const row = rows[item.row]!;
        found[item.row] ??= row.texts.map(() => undefined);
        const cells = found[item.row]!;
        cells[item.text] = text.translations;
        const main = row.texts[item.text]!.translations;
        const disagree = options.to.some(
          (target) =>
            main[target] !== undefined &&
            text.translations[target] !== undefined &&
            translationSimilarity(main[target], text.translations[target]) < threshold,
        );
        if (disagree && !flags[item.row]!.has('second-opinion')) {
          flags[item.row]!.add('second-opinion');
          disagreements += 1;
        }
      }
      return found;
    },
    summary() {
      const usage = summariseJob(jobId, stats, context);
      return {
        provider: second.provider.id,
        sampledRows,
        texts: stats.texts,
        failedTexts: stats.failedTexts,
        disagreements,
        usage: {
          billedCharacters: usage.billedCharacters,
          meteredCharacters: usage.meteredCharacters,
          requests: usage.requests,
          cost: usage.cost,
        },
      };
    },
    async manifestEntry() {
      const { provider } = second;
      const usage = summariseJob(jobId, stats, context);
      const engine: TranslationEngine | undefined = await provider.describeEngine?.().catch(() => undefined);
      return {
        role: 'second-opinion',
        provider: {
          id: provider.id,
          apiVersion: provider.apiVersion,
          endpoint: manifestEndpoint(provider.endpoint),
          ...(provider.region === undefined ? {} : { region: provider.region }),
          ...(provider.model === undefined ? {} : { model: provider.model }),
          ...(engine === undefined ? {} : { engine }),
        },
        settings: {
          sample: every === 1 ? 'all' : every,
          threshold,
          similarity: `character ${similarityGramLength}-gram F1`,
        },
        counts: {
          sampledRows,
          texts: stats.texts,
          sentSegments: stats.sentSegments,
          cachedSegments: stats.cachedSegments,
          failedTexts: stats.failedTexts,
          requests: usage.requests,
          disagreements,
        },
        billing: {
          unit: 'characters',
          characters: usage.billedCharacters,
          meteredCharacters: usage.meteredCharacters ?? null,
          mismatch: usage.usageMismatch,
        },
        cost: usage.cost === undefined ? null : { ...usage.cost, estimated: true },
      };
    },
    async recordInLedger(time) {
      if (options.ledger !== undefined) await recordInLedger(options.ledger, jobId, context, time);
    },
    close: () => opened.close(),
  };
}
