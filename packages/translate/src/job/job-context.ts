import { join } from 'node:path';
import {
  ApiCallError,
  ConfigurationError,
  type ContentStore,
  createRateLimiter,
  openFileContentStore,
  type RateLimiter,
} from '@toex/core';
import {
  type Budget,
  createBudget,
  type DateInput,
  defaultPriceCatalogue,
  type FxTable,
  type Money,
  type PriceEntry,
  priceUsage,
  UsageMeter,
} from '@toex/costing';
import type { LanguageDetector } from '../detection/language-detector';
import { loadLanguageDetector, primaryLanguage } from '../detection/language-detector';
import type { StoredTranslation } from '../pipeline/stored-translation';
import type { SendRequest, TranslateRowsOptions } from '../pipeline/translate-rows';

import { createAffordableTexts } from './affordable-texts';
import { chainRateLimiters } from './chain-rate-limiters';
import type { FailFast } from './fail-fast';
import { createRequestSender } from './request-sender';
import type { RequestUsage } from './request-usage';
import type { TranslationJobOptions } from './translation-job-options';

/** What a job needs around the pipeline: memory, pacing, pricing, budget and metering. */
export interface JobContext {
  /** The job's id, recorded in memory entries as the one that paid for them. */
  jobId: string;
  store: ContentStore<StoredTranslation> | undefined;
  /** True when the job opened the store and must close it. */
  ownsStore: boolean;
  limiter: RateLimiter;
  /** Requests in flight at once: the option, else the provider's own cap, else 4. */
  concurrency: number;
  /**
   * The price entries: one per character, or per input and per output token for a provider billed per
   * token. `undefined` when the catalogue has none for this provider (cost unknown).
   */
  prices: JobPrices | undefined;
  /** Currency of every figure. */
  currency: string;
  /** Exchange rates and the pricing date, as given. */
  fxTable: FxTable | undefined;
  date: DateInput | undefined;
  /** Prices a request's (or a job's) usage; absent when no price is known. */
  priceUsage: ((usage: RequestUsage) => Money) | undefined;
  budget: Budget | undefined;
  /** Characters: our count beside the provider's reported figure, per request. */
  meter: UsageMeter;
  /**
   * For a provider billed per token: input and output tokens, our estimate (`counted`) beside the
   * provider's reported `usage` per request. Absent for providers billed per character.
   */
  tokenMeters: { input: UsageMeter; output: UsageMeter } | undefined;
  detector: LanguageDetector | undefined;
  /** For providers that cannot detect: source languages they translate into every target. */
  sourceLanguages: string[] | undefined;
  close(): Promise<void>;
}

/** The price entries a job is priced from. */
export type JobPrices =
  | { unit: 'character'; character: PriceEntry }
  | { unit: 'token'; input: PriceEntry; output: PriceEntry };

/** The JSON-lines file a cache directory holds. */
export const translationMemoryFileName = 'translations.jsonl';

/** Opens what a job needs from its options. Throws before anything is sent when a setting is wrong. */
export async function createJobContext(options: TranslationJobOptions, jobId: string): Promise<JobContext> {
  const { provider } = options;
  const prices = findPrices(options);
  const currency = options.costing?.currency ?? pricingCurrency(prices) ?? 'GBP';
  const date = options.costing?.date;
  const priceEntry = (entry: PriceEntry, quantity: number): Money =>
    priceUsage({
      entry,
      quantity,
      unit: entry.unit,
      currency,
      ...(options.costing?.fxTable === undefined ? {} : { fxTable: options.costing.fxTable }),
      ...(date === undefined ? {} : { date }),
    }).cost;
  const priceOf =
    prices === undefined
      ? undefined
      : (usage: RequestUsage): Money =>
          prices.unit === 'character'
            ? priceEntry(prices.character, usage.characters)
            : priceEntry(prices.input, usage.inputTokens ?? 0).add(
                priceEntry(prices.output, usage.outputTokens ?? 0),
              );
  // Price once now so a missing exchange rate fails before any text is read or sent.
  priceOf?.({ characters: 0, inputTokens: 0, outputTokens: 0 });

  const budget = await openBudget(options, jobId, currency, prices);
  const concurrency = options.concurrency ?? provider.limits.maxConcurrentRequests ?? 4;
  const limiter =
    options.rateLimiter === undefined
      ? createRateLimiter({
          budgets:
            options.charactersPerMinute === undefined
              ? []
              : [{ unit: 'characters', limit: options.charactersPerMinute, windowMs: 60_000 }],
          maxConcurrency: concurrency,
          // Providers count a request's characters when it reaches them, after we grant it: counting them from
          // the answer, our window never frees room before the provider's does (a 429 at every window's edge).
          countUnitsFrom: 'release',
        })
      : chainRateLimiters(
          createRateLimiter({ budgets: [], maxConcurrency: concurrency }),
          options.rateLimiter,
        );
  const { store, ownsStore } = await openStore(options.cache);
  // Without `from`: an engine that cannot detect needs a guess for every text; one that can needs it only
  // to skip texts already in the target language, which applies to a single target.
  const needsDetector =
    options.from === undefined && (!provider.capabilities.detectsLanguage || options.to.length === 1);
  const detector = needsDetector ? await loadLanguageDetector() : undefined;
  const sourceLanguages =
    needsDetector && !provider.capabilities.detectsLanguage ? await listSourceLanguages(options) : undefined;
  return {
    jobId,
    store,
    ownsStore,
    limiter,
    concurrency,
    prices,
    currency,
    fxTable: options.costing?.fxTable,
    date,
    priceUsage: priceOf,
    budget,
    meter: new UsageMeter({ unit: 'character' }),
    tokenMeters:
      provider.billing.unit === 'token'
        ? { input: new UsageMeter({ unit: 'input-token' }), output: new UsageMeter({ unit: 'output-token' }) }
        : undefined,
    detector,
    sourceLanguages,
    async close() {
      if (ownsStore) await store?.close();
    },
  };
}

/**
 * Asks the provider which languages it translates into every target, so local detection can be checked
 * against what the engine offers. Also fails fast, before any row is read, when the engine is down.
 */
async function listSourceLanguages(options: TranslationJobOptions): Promise<string[] | undefined> {
  const support = await options.provider.languages?.(
    options.signal === undefined ? {} : { signal: options.signal },
  );
  if (support?.pairs === undefined) return undefined;
  const targets = options.to.map(primaryLanguage);
  const sources = new Set(support.pairs.map((pair) => primaryLanguage(pair.from)));
  return [...sources].filter((source) =>
    targets.every((target) =>
      support.pairs!.some(
        (pair) => primaryLanguage(pair.from) === source && primaryLanguage(pair.to) === target,
      ),
    ),
  );
}

function findPrices(options: TranslationJobOptions): JobPrices | undefined {
  const { billing } = options.provider;
  const catalogue = options.costing?.catalogue ?? defaultPriceCatalogue();
  const lookUp = (sku: string): PriceEntry =>
    catalogue.priceAt({
      provider: billing.provider,
      service: billing.service,
      sku,
      ...(options.costing?.date === undefined ? {} : { date: options.costing.date }),
    });
  try {
    if (billing.unit === 'token') {
      return {
        unit: 'token',
        input: lookUp(`${billing.sku}:input`),
        output: lookUp(`${billing.sku}:output`),
      };
    }
    return { unit: 'character', character: lookUp(billing.sku) };
  } catch (error) {
    if (!ConfigurationError.isInstance(error) || error.code !== 'price_not_found') throw error;
    if (options.budget !== undefined) {
      throw new ConfigurationError({
        code: 'price_not_found',
        message: `A budget needs a price for ${missingPriceKeys(options).join(' and ')}, and the catalogue has none. ${howToAddPrice(options)}`,
        cause: error,
      });
    }
    // No price: the cost is reported as unknown, never as zero.
    return undefined;
  }
}

/**
 * The catalogue keys (`provider/service/sku`) a provider's jobs are priced from: one, or for a provider
 * billed per token, `…:input` and `…:output`. For messages when a price is missing.
 */
export function missingPriceKeys(options: Pick<TranslationJobOptions, 'provider'>): string[] {
  const { billing } = options.provider;
  const key = `${billing.provider}/${billing.service}/${billing.sku}`;
  return billing.unit === 'token' ? [`${key}:input`, `${key}:output`] : [key];
}

/** How to give a price the catalogue lacks, for messages: a price file passed with `--prices`. */
export function howToAddPrice(options: Pick<TranslationJobOptions, 'provider'>): string {
  const { billing } = options.provider;
  if (billing.unit !== 'token') return 'Add it to a price file (--prices FILE).';
  const entry = (direction: 'input' | 'output') =>
    `{"provider":"${billing.provider}","service":"${billing.service}","sku":"${billing.sku}:${direction}","description":"${billing.sku} ${direction} tokens","unit":"${direction}-token","unitSize":"1000000","unitPrice":"<price per million ${direction} tokens>","currency":"USD","effectiveFrom":"2026-01-01","source":{"checked":"2026-12","confidence":"contract"}}`;
  return `Add two entries to a price file and pass it with --prices FILE: {"version":"my-prices","entries":[${entry('input')},${entry('output')}]}.`;
}

function pricingCurrency(prices: JobPrices | undefined): string | undefined {
  if (prices === undefined) return undefined;
  return prices.unit === 'character' ? prices.character.currency : prices.input.currency;
}

async function openBudget(
  options: TranslationJobOptions,
  jobId: string,
  currency: string,
  prices: JobPrices | undefined,
): Promise<Budget | undefined> {
  if (options.budget === undefined || prices === undefined) return undefined;
  const ledger = options.ledger;
  const { caseLimit, organisationLimit } = options.budget;
  if ((caseLimit !== undefined || organisationLimit !== undefined) && ledger === undefined) {
    throw new ConfigurationError({
      code: 'ledger_required',
      message:
        'Case and organisation budgets count earlier spending from the ledger: give a ledger (--ledger FILE).',
    });
  }
  return createBudget({
    currency,
    job: { id: jobId, limit: options.budget.job },
    ...(caseLimit !== undefined && ledger?.caseReference !== undefined
      ? { case: { reference: ledger.caseReference, limit: caseLimit } }
      : {}),
    ...(organisationLimit !== undefined && ledger !== undefined
      ? { organisation: { id: ledger.organisation, limit: organisationLimit } }
      : {}),
    ...(ledger === undefined ? {} : { ledger: ledger.ledger }),
    onThreshold: (event) => {
      options.events?.emit('warning', {
        jobId,
        code: 'budget_threshold',
        message: `${Math.round(event.threshold * 100)}% of the ${event.scope} budget (${event.limit.format()}) is committed: ${event.spent.format()}.`,
      });
    },
  });
}

async function openStore(
  cache: TranslationJobOptions['cache'],
): Promise<{ store: ContentStore<StoredTranslation> | undefined; ownsStore: boolean }> {
  if (cache === undefined || cache === false) return { store: undefined, ownsStore: false };
  if (typeof cache !== 'string') return { store: cache, ownsStore: false };
  // No fsync per batch: a killed process loses nothing it has written (the kernel holds it), and
  // waiting on the disk would keep answered requests unstored for longer, each one a re-payment on
  // resume. Only a power cut can cost the last batches, and then they are simply translated again.
  const store = await openFileContentStore<StoredTranslation>({
    path: join(cache, translationMemoryFileName),
    fsync: 'never',
  });
  return { store, ownsStore: true };
}

/** The pipeline's `send` for a job: budget, pacing, retry and metering around the provider, with retry events. */
export function createJobSender(
  options: TranslationJobOptions,
  context: JobContext,
  jobId: string,
  failFast?: FailFast,
): SendRequest {
  return createRequestSender({
    ...(failFast === undefined ? {} : { onFinalFailure: failFast.onFinalFailure }),
    provider: options.provider,
    limiter: context.limiter,
    meter: context.meter,
    ...(context.tokenMeters === undefined ? {} : { tokenMeters: context.tokenMeters }),
    ...(context.budget === undefined ? {} : { budget: context.budget }),
    ...(context.priceUsage === undefined ? {} : { priceUsage: context.priceUsage }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.stopSignal === undefined ? {} : { stopSignal: options.stopSignal }),
    onRetry: (event) => {
      const requestId = ApiCallError.isInstance(event.error) ? event.error.requestId : undefined;
      options.events?.emit('retry', {
        jobId,
        attempt: event.attempt,
        delayMs: event.delayMs,
        code: event.error.code,
        ...(requestId === undefined ? {} : { requestId }),
      });
    },
  });
}

/**
 * The pipeline options every job derives from its options and context; each job adds its own `send`
 * and `stats` (and the estimate its read-only store).
 */
export function pipelineOptionsFor(
  options: TranslationJobOptions,
  context: JobContext,
): Omit<TranslateRowsOptions, 'send' | 'stats'> {
  return {
    provider: options.provider,
    to: options.to,
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.glossary === undefined ? {} : { glossary: options.glossary }),
    ...(options.providerOptions === undefined ? {} : { providerOptions: options.providerOptions }),
    ...(context.store === undefined ? {} : { store: context.store }),
    jobId: context.jobId,
    ...(options.billEarlierAttempts === true ? { billEarlierAttempts: true } : {}),
    ...(context.detector === undefined ? {} : { detector: context.detector }),
    ...(context.sourceLanguages === undefined ? {} : { sourceLanguages: context.sourceLanguages }),
    ...(options.charactersPerMinute === undefined
      ? {}
      : {
          maxCharactersPerRequestForPacing: pacedRequestCharacters(
            options.charactersPerMinute,
            options.provider.limits.maxCharactersPerRequest,
          ),
        }),
    // A request the budget cannot pay for in full is cut to what it can, rather than refused whole.
    ...(context.budget === undefined || context.priceUsage === undefined
      ? {}
      : {
          affordableTexts: createAffordableTexts({
            provider: options.provider,
            budget: context.budget,
            priceUsage: context.priceUsage,
          }),
        }),
    // Keep more requests ready than the limiter lets through, so it always has work to grant.
    maxRequestsInFlight: Math.max(4, context.concurrency * 4),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.stopSignal === undefined ? {} : { stopSignal: options.stopSignal }),
  };
}

/**
 * The most characters one request may carry when pacing to `charactersPerMinute`: the quota split evenly
 * over the fewest requests, each within the provider's `maxCharactersPerRequest`, that fill it. Requests
 * packed to the provider's cap alone waste the rest of every minute when the cap does not divide the
 * quota: with a 60,000 quota, one 50,000-character Azure request fits a minute and 10,000 go unused
 * (83%), where two of 30,000 fill it. A quota below the cap is one request a minute.
 */
export function pacedRequestCharacters(charactersPerMinute: number, maxCharactersPerRequest: number): number {
  const requestsPerMinute = Math.ceil(charactersPerMinute / maxCharactersPerRequest);
  return Math.floor(charactersPerMinute / requestsPerMinute);
}
