import { BudgetExceededError, ConfigurationError, type ContentStore, ToexError } from '@toex/core';
import { type Budget, defaultPriceCatalogue, type PriceEntry, priceUsage } from '@toex/costing';
import {
  createAzureLanguageRecognizer,
  createComprehendRecognizer,
  createCompromiseRecognizer,
  type NamedEntityBilling,
  type NamedEntityProvider,
  type RecognizedNamedEntities,
  recognizeNamedEntities,
  type StoredNamedEntities,
} from '@toex/entities';
import type { CliIo } from '../io';
import type { EntitiesArguments } from './entities-arguments';

/** Groups in a row whose requests failed (after retries) before no more are sent: the provider is down. */
const MAX_FAILED_GROUPS = 3;

/**
 * The named-entity side of one `toex entities` job: sends each group of texts, holds every request
 * against the budget, and stops sending once the budget is spent or the provider has failed
 * {@link MAX_FAILED_GROUPS} groups in a row. Texts it could not search come back with their error, so
 * their rows are written and marked rather than lost.
 */
export class NamedEntityRun {
  /** Set once no more requests are sent: the error that stopped them. */
  #stopped: unknown;
  #failedGroups = 0;
  readonly #reported = new Set<string>();

  constructor(
    readonly provider: NamedEntityProvider,
    private readonly options: {
      signal: AbortSignal;
      concurrency: number;
      budget?: { budget: Budget; priceEntry: PriceEntry };
      /** Answers of earlier runs: not sent or paid for again. */
      store?: ContentStore<StoredNamedEntities>;
      /** Called once per kind of failure (by code), with the first such error. */
      onFailure: (failure: Error) => void;
    },
  ) {}

  /** True when the job's budget stopped the requests. */
  get budgetExceeded(): boolean {
    return this.#stopped instanceof BudgetExceededError;
  }

  /** Findings for `texts` (one group of rows), with `errors` for texts that could not be searched. */
  async recognize(texts: readonly string[]): Promise<RecognizedNamedEntities> {
    if (this.#stopped !== undefined) {
      return {
        documents: texts.map(() => []),
        errors: texts.map(() => this.#stopped),
        cached: { pieces: 0, units: 0 },
      };
    }
    const held = this.options.budget;
    const recognized = await recognizeNamedEntities(this.provider, texts, {
      signal: this.options.signal,
      concurrency: this.options.concurrency,
      partial: true,
      ...(this.options.store === undefined ? {} : { store: this.options.store }),
      ...(held === undefined
        ? {}
        : {
            authorise: ({ units }: { units: number }) =>
              held.budget.reserve(
                priceUsage({ entry: held.priceEntry, quantity: units, currency: held.priceEntry.currency })
                  .cost,
              ),
          }),
    });
    this.options.signal.throwIfAborted();
    const failure = recognized.errors?.find((error) => error !== undefined);
    if (failure === undefined) {
      this.#failedGroups = 0;
      return recognized;
    }
    // A missing key, endpoint or region fails every request alike: the job stops, as translate's does,
    // rather than marking every row.
    if (failure instanceof ConfigurationError) throw failure;
    const code = failureCode(failure);
    if (!this.#reported.has(code)) {
      this.#reported.add(code);
      this.options.onFailure(failure instanceof Error ? failure : new Error(String(failure)));
    }
    if (failure instanceof BudgetExceededError || ++this.#failedGroups >= MAX_FAILED_GROUPS) {
      this.#stopped = failure;
    }
    return recognized;
  }
}

/**
 * The --ner provider. Cloud keys and endpoints come from the CLI's environment (never from arguments, so
 * they stay out of shell history and the manifest's command line).
 */
export function createNamedEntityProvider(
  choice: EntitiesArguments['ner'],
  io: CliIo,
): NamedEntityProvider | undefined {
  const fetch = io.fetch === undefined ? {} : { fetch: io.fetch };
  const defined = <T extends Record<string, string | undefined>>(values: T) =>
    Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== '')) as {
      [K in keyof T]?: string;
    };
  switch (choice) {
    case 'local':
      return createCompromiseRecognizer();
    case 'azure':
      return createAzureLanguageRecognizer({
        ...defined({ apiKey: io.env.AZURE_LANGUAGE_KEY, endpoint: io.env.AZURE_LANGUAGE_ENDPOINT }),
        ...fetch,
      });
    case 'aws':
      return createComprehendRecognizer({
        ...defined({
          region: io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION,
          accessKeyId: io.env.AWS_ACCESS_KEY_ID,
          secretAccessKey: io.env.AWS_SECRET_ACCESS_KEY,
          sessionToken: io.env.AWS_SESSION_TOKEN,
        }),
        ...fetch,
      });
    default:
      return undefined;
  }
}

/**
 * The list price of the named-entity units billed (Azure text records), from the shipped catalogue;
 * `null` when the provider names no price or the catalogue has none (never a silent 0).
 */
export function priceNamedEntities(
  billing: NamedEntityBilling,
  quantity: number,
): { amount: string; currency: string } | null {
  if (billing.priceKey === undefined || quantity === 0) return null;
  const entry = defaultPriceCatalogue().find(billing.priceKey);
  if (entry === undefined) return null;
  const priced = priceUsage({ entry, quantity, currency: entry.currency });
  return { amount: priced.cost.amount.toString(), currency: entry.currency };
}

/** The code written after `failed:` for a row whose named entities were not found. */
export function failureCode(error: unknown): string {
  return error instanceof ToexError ? error.code : 'ner_failed';
}

/** The estimate before any named-entity request is sent. */
export function printEstimate(
  units: number,
  cachedUnits: number,
  unit: string,
  entry: PriceEntry | undefined,
  args: EntitiesArguments,
  io: CliIo,
): void {
  const cost =
    entry === undefined ? undefined : priceUsage({ entry, quantity: units, currency: entry.currency }).cost;
  if (args.json) {
    io.stdout.write(
      `${JSON.stringify({
        event: 'estimate',
        units,
        cachedUnits,
        unit,
        cost: cost === undefined ? null : { amount: cost.amount.toString(), currency: cost.currency },
        ...(entry === undefined ? {} : { price: entry.id, confidence: entry.source.confidence }),
      })}\n`,
    );
    return;
  }
  const price =
    cost === undefined || entry === undefined
      ? 'no price in the price list'
      : `${cost.amount.toString()} ${cost.currency} at list price (${entry.id}, ${entry.source.confidence})`;
  const cached =
    cachedUnits === 0
      ? ''
      : ` (${cachedUnits.toLocaleString('en-GB')} more already paid for: answered from the cache)`;
  io.stderr.write(
    `estimate: ${units.toLocaleString('en-GB')} ${unit}s for named entities, ${price}${cached}\n`,
  );
}
