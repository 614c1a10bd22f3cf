import { contentKey } from '@toex/core';
import { loadLanguageDetector } from '../detection/language-detector';
import { PipelineStats } from '../pipeline/pipeline-stats';
import type { CellOutcome, RowStatus } from '../pipeline/row-status';
import { type PipelineOutputRow, translateRows } from '../pipeline/translate-rows';
import { createQualityAssessor } from '../quality/assess-quality';
import { type QualityFlag, qualityFlags } from '../quality/quality-flag';
import { createFailFast } from './fail-fast';
import { createJobContext, createJobSender, pipelineOptionsFor } from './job-context';
import { type JobSummary, recordEarlierAttempts, summariseJob } from './summarise-job';
import type { TranslationJobOptions } from './translation-job-options';

/** One text's result from {@link translateTexts}, in input order. */
export interface TextTranslation {
  /** The text as given. */
  text: string;
  /** Translation per target language; empty when the text failed. Skipped texts are copied through. */
  translations: Record<string, string>;
  /** Source language, given or detected; absent when unknown. */
  language?: string;
  /** `ok`, `skipped:<reason>` or `failed:<code>`. */
  status: RowStatus;
  /** Why it failed, when it did. */
  error?: { code: string; message: string };
  /** Quality flags for human review (see `qualityFlags`); empty when none was raised. */
  flags: QualityFlag[];
}

/** What {@link translateTexts} returns. */
export interface TranslateTextsResult extends JobSummary {
  /** One entry per input text, in input order. */
  texts: TextTranslation[];
}

/**
 * Translates an array of texts in memory with everything the file job has — skipping, dedupe, packing,
 * pacing, retries, translation memory, budget and metering — and returns one result per text, in order.
 * Failed texts are returned marked, never dropped; check `failedRows`.
 */
export async function translateTexts(
  texts: readonly string[],
  given: TranslationJobOptions,
): Promise<TranslateTextsResult> {
  const failFast = createFailFast(given);
  const options: TranslationJobOptions = { ...given, signal: failFast.signal };
  const jobId =
    options.jobId ??
    contentKey('translate-texts', options.provider.id, options.to.join(','), String(Date.now())).slice(0, 16);
  let context: Awaited<ReturnType<typeof createJobContext>>;
  try {
    context = await createJobContext(options, jobId);
  } catch (error) {
    failFast.dispose();
    throw error;
  }
  const stats = new PipelineStats();
  try {
    const results: TextTranslation[] = [];
    const rows = texts.map((text) => ({ texts: [{ column: 'text', text }] }));
    const jobContext = context;
    const assessor = createQualityAssessor({
      to: options.to,
      ...(options.from === undefined ? {} : { from: options.from }),
      ...(options.glossary === undefined ? {} : { glossary: options.glossary }),
      detector: () =>
        jobContext.detector === undefined ? loadLanguageDetector() : Promise.resolve(jobContext.detector),
    });
    let batch: Array<PipelineOutputRow<unknown>> = [];
    const assess = async (): Promise<void> => {
      const flags = await assessor.assess(batch);
      batch.forEach((row, index) => {
        const text = row.texts[0]!;
        const raised = qualityFlags.filter((flag) => flags[index]!.has(flag));
        if (raised.length > 0) stats.flaggedRows += 1;
        for (const flag of raised) stats.qualityFlags[flag] += 1;
        results.push({
          text: text.source,
          translations: text.translations,
          status: row.status,
          ...(text.language === undefined ? {} : { language: text.language }),
          ...failure(text.outcome),
          flags: raised,
        });
      });
      batch = [];
    };
    for await (const row of translateRows(rows, {
      ...pipelineOptionsFor(options, context),
      send: createJobSender(options, context, jobId, failFast),
      stats,
    })) {
      batch.push(row);
      if (batch.length >= 256) await assess();
    }
    recordEarlierAttempts(stats, context);
    await assess();
    return { ...summariseJob(jobId, stats, context), texts: results };
  } catch (error) {
    throw failFast.error ?? error;
  } finally {
    failFast.dispose();
    await context.close();
  }
}

function failure(outcome: CellOutcome): { error?: { code: string; message: string } } {
  return outcome.kind === 'failed' ? { error: { code: outcome.code, message: outcome.message } } : {};
}
