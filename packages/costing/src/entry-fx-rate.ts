import { Decimal } from './decimal';
import { type FxRate, FxTable } from './fx-table';
import type { PriceEntry } from './price-entry';
import { type DateInput, formatUtcDay, toInstant } from './utc-date';

/** True when every price of `entry` is zero (a self-hosted engine): no amount of it costs anything. */
export function isFreeEntry(entry: PriceEntry): boolean {
  return entry.unitPrice.isZero() && (entry.tiers ?? []).every((tier) => tier.unitPrice.isZero());
}

/**
 * The rate that converts `entry`'s prices into `currency` on `date`. A free entry needs none: zero is
 * zero in every currency, so asking a user of a local engine for an exchange rate would only be in the
 * way. Its rate then says so in its source rather than claiming a conversion happened.
 */
export function entryFxRate(
  entry: PriceEntry,
  currency: string,
  fxTable: FxTable | undefined,
  date: DateInput | undefined,
): FxRate {
  const table = fxTable ?? FxTable.empty();
  const query = { from: entry.currency, to: currency, ...(date === undefined ? {} : { date }) };
  if (!isFreeEntry(entry) || entry.currency === currency) return table.rateAt(query);
  try {
    return table.rateAt(query);
  } catch {
    return {
      from: entry.currency,
      to: currency,
      rate: Decimal.one,
      date: formatUtcDay(toInstant(date ?? new Date())),
      source: 'not needed: the price is zero',
    };
  }
}
