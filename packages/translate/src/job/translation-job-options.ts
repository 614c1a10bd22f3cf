import type { ContentStore, ProgressEmitter, RateLimiter, RetryOptions } from '@toex/core';
import type { DateInput, FxTable, Ledger, PriceCatalogue } from '@toex/costing';
import type { StoredTranslation } from '../pipeline/stored-translation';
import type { Glossary, TranslationProvider } from '../spec';

/** Options every translation job takes, whether it reads a file or an array of texts. */
export interface TranslationJobOptions {
  provider: TranslationProvider;
  /** Target language codes, e.g. `['en']`. */
  to: readonly string[];
  /** Source language; absent means detect (by the provider, or locally for providers that cannot). */
  from?: string;
  /** Keyword dictionary applied at the point of translation. */
  glossary?: Glossary;
  /** Vendor options under the provider's id, e.g. `{ deepl: { formality: 'less' } }`. */
  providerOptions?: Record<string, unknown>;
  /**
   * Translation memory and resume journal: a directory (a JSON-lines store is kept inside it), a
   * `ContentStore` from `@toex/core`, or `false`/absent for none. With one, a rerun after a kill or failure sends
   * only what never came back.
   */
  cache?: string | ContentStore<StoredTranslation> | false;
  /** Requests in flight at once. Default: the provider's `maxConcurrentRequests`, else 4. */
  concurrency?: number;
  /** Pace requests to this many characters a minute (your quota), as the provider's limits count them. */
  charactersPerMinute?: number;
  /**
   * Paces requests instead of the limiter the job would build from `charactersPerMinute`: one shared with
   * other jobs and processes (a Redis-backed limiter across workers). The job still keeps at most
   * `concurrency` requests on the wire; `charactersPerMinute`, when given, still sizes its requests.
   */
  rateLimiter?: RateLimiter;
  /**
   * Bill memory entries that an earlier attempt of this same `jobId` paid for (a worker killed mid-job,
   * its job taken over): the job's manifest and ledger then count what all its attempts sent, once, and
   * the jobs' ledgers add up to the provider's bill. Entries other jobs paid for stay free. Default false
   * (a rerun by hand bills only what it sends).
   */
  billEarlierAttempts?: boolean;
  /** Retry settings; `maxRetries` defaults to 3. Tests inject `sleep` and `random`. */
  retry?: Omit<RetryOptions, 'signal' | 'onRetry'>;
  /** Prices and the currency costs are reported in. */
  costing?: TranslationCostingOptions;
  /** Hard caps: the job is refused before the request that would cross one. Amounts in `costing.currency`. */
  budget?: TranslationBudgetOptions;
  /** Where the job's cost is recorded when it ends, and for whom. */
  ledger?: { ledger: Ledger; organisation: string; caseReference?: string };
  /** Progress, warning and retry events. */
  events?: ProgressEmitter;
  /** Identifies the job in events, manifest and ledger. Default: derived from the input and settings. */
  jobId?: string;
  /**
   * The command line or call that ran the job, recorded in the manifest so it can be run again. Secrets
   * registered with the redactor are replaced; pass nothing that is not already redacted.
   */
  command?: string;
  /** Hard stop: requests on the wire are cancelled. The output is not written. */
  signal?: AbortSignal;
  /**
   * Graceful stop: nothing new is sent, requests on the wire are answered and stored, then the job ends
   * with `ToexAbortError` and no output. A rerun sends only what never came back.
   */
  stopSignal?: AbortSignal;
}

/** How a job is priced. */
export interface TranslationCostingOptions {
  /** Price catalogue; defaults to the shipped, dated catalogue. */
  catalogue?: PriceCatalogue;
  /** Exchange rates from the price list's currency; needed when `currency` differs from it. */
  fxTable?: FxTable;
  /** Currency of every figure. Default: the provider's price-list currency. */
  currency?: string;
  /** Date whose prices and rates apply. Default: today (UTC). */
  date?: DateInput;
}

/** Spending caps of a job, in the job's currency. */
export interface TranslationBudgetOptions {
  /** Most this job may spend, e.g. `"25.00"`. */
  job: string;
  /** Most the case may have spent, counting the ledger's earlier entries. */
  caseLimit?: string;
  /** Most the paying organisation may have spent, counting the ledger's earlier entries. */
  organisationLimit?: string;
}
