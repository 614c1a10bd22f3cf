import type { ContentStore, FetchFunction, RateLimiter } from '@toex/core';
import { ProgressEmitter } from '@toex/core';
import {
  defaultPriceCatalogue,
  type FxRateInput,
  FxTable,
  type Ledger,
  loadFxTable,
  loadPriceCatalogue,
} from '@toex/costing';
import {
  estimateTranslation,
  explainUnreachable,
  loadGlossary,
  openTranslationProvider,
  type StoredTranslation,
  type TranslateFileOptions,
  type TranslationProvider,
  translateFile,
} from '@toex/translate';
import type { PostgresBudgets } from '../postgres/postgres-budgets';
import { ServiceError } from '../queue/service-error';
import type { TranslateJobPayload } from '../queue/translate-job-payload';
import type { JobProgress, TranslateJobResult } from '../queue/translate-job-result';
import {
  hasSharedBudget,
  holdSharedBudget,
  requireBudgets,
  type SharedBudgetHold,
} from './hold-shared-budget';

/** What a worker lends each translate job it runs. */
export interface TranslateJobServices {
  /** Provider keys and settings, read by the provider factory `toex translate` uses. */
  env: Record<string, string | undefined>;
  fetch?: FetchFunction;
  /** The shared translation memory and resume journal. */
  store?: ContentStore<StoredTranslation>;
  /** The shared quota of the job's provider key; absent: no pacing beyond the job's concurrency. */
  rateLimiterFor?: (provider: TranslationProvider) => RateLimiter | undefined;
  /** Sizes requests to the quota (see `pacedRequestCharacters`). */
  charactersPerMinute?: number;
  /** Where each job's cost is recorded. */
  ledger?: Ledger;
  /**
   * Case and organisation budgets shared by every worker, in the same database as `ledger`. Needed by
   * jobs with `caseBudget` or `organisationBudget`; such a job fails with a `ConfigurationError` without it.
   */
  budgets?: PostgresBudgets;
  /** Told about what the job says (an Apertium server started for it). */
  report?: (line: string) => void;
}

/** Exchange rates as `--fx` writes them. */
const fxPattern = /^([A-Z]{3}):([A-Z]{3})=(\d+(?:\.\d+)?)(?:@(\d{4}-\d{2}-\d{2}))?$/;

/**
 * Runs one queued translate job with `translateFile`, exactly as `toex translate` would with the same
 * options (same output bytes, same manifest), on the worker's shared memory, quota and ledger.
 */
export async function runTranslateJob(
  payload: TranslateJobPayload,
  jobId: string,
  services: TranslateJobServices,
  control: { signal: AbortSignal; stopSignal: AbortSignal; onProgress: (progress: JobProgress) => void },
): Promise<TranslateJobResult> {
  const shared = hasSharedBudget(payload);
  if (shared) requireBudgets(payload, jobId, services.budgets);
  const opened = await openTranslationProvider(
    {
      provider: payload.provider,
      ...(payload.endpoint === undefined ? {} : { endpoint: payload.endpoint }),
      ...(payload.apiVersion === undefined ? {} : { apiVersion: payload.apiVersion }),
    },
    { env: services.env, ...(services.fetch === undefined ? {} : { fetch: services.fetch }) },
    services.report ?? (() => {}),
  );
  try {
    const provider = opened.provider;
    const date = new Date().toISOString().slice(0, 10);
    const [glossary, catalogue, fxTable] = await Promise.all([
      payload.glossary === undefined ? undefined : loadGlossary(payload.glossary),
      payload.prices === undefined
        ? defaultPriceCatalogue()
        : loadPriceCatalogue(payload.prices).then((prices) => defaultPriceCatalogue().withOverrides(prices)),
      loadFx(payload.fx ?? [], payload.fxFile, date),
    ]);
    const events = new ProgressEmitter();
    let lastReport = 0;
    events.on('progress', (event) => {
      const now = Date.now();
      if (now - lastReport < 1_000) return;
      lastReport = now;
      const [done, total] =
        event.rowsTotal === undefined
          ? [event.unitsDone, event.unitsTotal]
          : [event.rowsDone, event.rowsTotal];
      control.onProgress({
        rowsDone: event.rowsDone,
        percent: total === undefined || total === 0 ? 0 : Math.min(100, Math.floor((100 * done) / total)),
        billedCharacters: event.billedUnits,
      });
    });
    const rateLimiter = services.rateLimiterFor?.(provider);
    const leaseLost = new AbortController();
    const options: TranslateFileOptions = {
      input: payload.input,
      output: payload.output,
      provider,
      to: payload.to,
      jobId,
      events,
      signal: control.signal,
      stopSignal: control.stopSignal,
      cache: services.store ?? false,
      billEarlierAttempts: true,
      costing: {
        catalogue,
        fxTable,
        date,
        ...(payload.currency === undefined ? {} : { currency: payload.currency }),
      },
      ...(rateLimiter === undefined ? {} : { rateLimiter }),
      ...sizing(services.charactersPerMinute, rateLimiter !== undefined),
      ...(payload.command === undefined ? {} : { command: payload.command }),
      ...(payload.from === undefined ? {} : { from: payload.from }),
      ...(glossary === undefined ? {} : { glossary }),
      ...(payload.inputFormat === undefined ? {} : { format: payload.inputFormat }),
      ...(payload.columns === undefined || payload.columns.length === 0 ? {} : { columns: payload.columns }),
      ...(payload.fields === undefined || payload.fields.length === 0 ? {} : { fields: payload.fields }),
      ...(payload.encoding === undefined ? {} : { encoding: payload.encoding }),
      ...(payload.concurrency === undefined ? {} : { concurrency: payload.concurrency }),
      ...(payload.maxRetries === undefined ? {} : { retry: { maxRetries: payload.maxRetries } }),
      ...(payload.budget === undefined ? {} : { budget: { job: payload.budget } }),
    };
    let hold: SharedBudgetHold | undefined;
    if (shared) {
      // Estimated without the memory too: a taken-over job bills what its killed attempt paid for, which
      // the memory shows as free. Entries other jobs paid for make the lease larger, never too small.
      const full = await estimateTranslation({ ...options, cache: false });
      const fresh = services.store === undefined ? full : await estimateTranslation(options);
      hold = await holdSharedBudget(payload, jobId, services.budgets!, { full, fresh }, (error) =>
        leaseLost.abort(error),
      );
    }
    const ledger = hold === undefined ? services.ledger : (hold.ledger ?? services.ledger);
    let result: Awaited<ReturnType<typeof translateFile>>;
    try {
      result = await translateFile({
        ...options,
        ...(hold === undefined ? {} : { budget: { job: hold.jobBudget } }),
        signal: AbortSignal.any([control.signal, leaseLost.signal]),
        ...(ledger === undefined
          ? {}
          : {
              ledger: {
                ledger,
                organisation: payload.organisation ?? 'unassigned',
                ...(payload.caseReference === undefined ? {} : { caseReference: payload.caseReference }),
              },
            }),
      });
    } catch (error) {
      if (leaseLost.signal.aborted) {
        throw new ServiceError({
          code: 'budget_lease_lost',
          message: `Job ${jobId} lost its hold on the shared budget (the PostgreSQL ledger was unreachable for longer than a lease lasts) and stopped sending, so the budget cannot be overspent. Submit it again: it resumes from the shared memory.`,
          cause: error,
        });
      }
      throw error;
    } finally {
      // A release that fails leaves the hold to lapse on its own (leaseTtlMs): safe, only slower to free.
      await hold?.end().catch(() => {});
    }
    return {
      output: result.outputPath,
      manifest: result.manifestPath,
      rows: result.rows,
      failedRows: result.failedRows,
      skippedRows: result.skippedRows,
      billedCharacters: result.billedCharacters,
      requests: result.requests,
      cost: result.cost ?? null,
      stoppedBy: result.stoppedBy ?? null,
      exitCode: result.stoppedBy?.code === 'budget_exceeded' ? 3 : result.failedRows > 0 ? 4 : 0,
    };
  } catch (error) {
    throw explainUnreachable(error, opened.endpoint);
  } finally {
    await opened.close();
  }
}

async function loadFx(fx: readonly string[], fxFile: string | undefined, date: string): Promise<FxTable> {
  const rates: FxRateInput[] = fx.flatMap((text) => {
    const match = fxPattern.exec(text);
    return match === null
      ? []
      : [
          {
            from: match[1]!,
            to: match[2]!,
            rate: match[3]!,
            date: match[4] ?? date,
            source: '--fx at submit',
          },
        ];
  });
  const fileRates = fxFile === undefined ? [] : (await loadFxTable(fxFile)).rates;
  return FxTable.create([...fileRates.map((rate) => ({ ...rate, rate: rate.rate.toString() })), ...rates]);
}

/**
 * What the job is told of the quota. Paced by the shared limiter, it uses the quota only to size its
 * requests, at an eighth of it: several workers' requests then interleave within a window, and a request
 * always fits the limiter's limit less its safety margin, where one request the size of the whole quota
 * could never be granted. Without a shared limiter, the job paces itself to the quota.
 */
function sizing(charactersPerMinute: number | undefined, shared: boolean): { charactersPerMinute?: number } {
  if (charactersPerMinute === undefined) return {};
  return {
    charactersPerMinute: shared ? Math.max(1, Math.floor(charactersPerMinute / 8)) : charactersPerMinute,
  };
}
