import { ConfigurationError } from '@toex/core';
import {
  billedDurationSeconds,
  Decimal,
  defaultPriceCatalogue,
  type PriceEntry,
  priceUsage,
} from '@toex/costing';
import type { TranscriptionProvider } from '../spec';
import type { TranscriptionCostingOptions } from './transcription-job-options';

/** The price of a provider's audio seconds, or why there is none. */
export interface SecondsPricer {
  /** The catalogue entry; absent when the catalogue has no price (cost unknown, never 0). */
  entry: PriceEntry | undefined;
  currency: string;
  /** Cost of `seconds` billed seconds, as an exact decimal string; `undefined` without a price. */
  cost(seconds: Decimal): { amount: string; currency: string } | undefined;
}

/** Finds the provider's price. With `required` (a budget is set), a missing price is a ConfigurationError. */
export function createSecondsPricer(
  provider: TranscriptionProvider,
  costing: TranscriptionCostingOptions = {},
  required = false,
): SecondsPricer {
  const { billing } = provider;
  const catalogue = costing.catalogue ?? defaultPriceCatalogue();
  let entry: PriceEntry | undefined;
  try {
    entry = catalogue.priceAt({ ...billing, ...(costing.date === undefined ? {} : { date: costing.date }) });
  } catch (error) {
    if (required) {
      throw new ConfigurationError({
        code: 'price_not_found',
        message: `A budget needs a price for ${billing.provider}/${billing.service}/${billing.sku}, and the catalogue has none: add it to a price file (--prices).`,
        cause: error,
      });
    }
  }
  const currency = costing.currency ?? entry?.currency ?? 'GBP';
  return {
    entry,
    currency,
    cost(seconds) {
      if (entry === undefined) return undefined;
      const priced = priceUsage({
        entry,
        quantity: seconds,
        unit: 'second',
        currency,
        ...(costing.fxTable === undefined ? {} : { fxTable: costing.fxTable }),
        ...(costing.date === undefined ? {} : { date: costing.date }),
      });
      return { amount: priced.cost.amount.toString(), currency };
    },
  };
}

/** Seconds billed for requests of these durations under the provider's rounding rule. */
export function billedSeconds(provider: TranscriptionProvider, durations: readonly number[]): Decimal {
  return durations.reduce(
    (sum, seconds) =>
      sum.add(billedDurationSeconds(seconds.toFixed(3), provider.billing.rule) ?? Decimal.zero),
    Decimal.zero,
  );
}
