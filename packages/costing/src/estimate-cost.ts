import type { BillingUnit } from './billing-unit';
import { Decimal, type DecimalInput } from './decimal';
import type { FxRate, FxTable } from './fx-table';
import { invalidArgument } from './invalid-argument';
import type { Money } from './money';
import type { PriceEntry, PriceSource } from './price-entry';
import { type PricedUsage, priceUsage } from './price-usage';
import { type DateInput, formatUtcDay, toInstant } from './utc-date';

/** A low and a high figure; equal when the quantity is known exactly. */
export interface Range<T> {
  low: T;
  high: T;
}

/** What to estimate: counted (or itself estimated) units against one price entry. */
export interface EstimateInput {
  /** From `PriceCatalogue.priceAt`. */
  entry: PriceEntry;
  /** Units counted, or `{ low, high }` when the count itself is estimated (e.g. audio not yet probed). */
  quantity: DecimalInput | { low: DecimalInput; high: DecimalInput };
  /** Unit of `quantity`; defaults to the entry's. Seconds, minutes and hours convert. */
  unit?: BillingUnit;
  /** Currency the payer is billed in, e.g. `GBP`. */
  currency: string;
  /** Dated exchange rates; needed when `currency` differs from the entry's. */
  fxTable?: FxTable;
  /** When the work will run: picks the FX rate. Defaults to now. */
  date?: DateInput;
  /** Tiered prices: usage already counted this month, in the entry's unit. */
  usedThisMonth?: DecimalInput;
  /** The caller's own assumptions (e.g. "characters counted on a 10% sample"), listed first. */
  assumptions?: readonly string[];
}

/** A cost estimate with the evidence behind it. Amounts are exact; round when presenting. */
export interface Estimate {
  /** `provider/service/sku@effectiveFrom` of the price used. */
  priceEntryId: string;
  catalogueVersion: string;
  /** Counted units. */
  quantity: Range<Decimal>;
  unit: BillingUnit;
  /** The unit the price is quoted in and how many of them (e.g. per 1,000,000 `character`). */
  priceUnit: BillingUnit;
  unitSize: Decimal;
  /** Price per `unitSize` `priceUnit`s in `currency`; for tiered prices, that of the first tier the low quantity touches. */
  unitPrice: Decimal;
  /** The same price in the price list's currency, `pricingCurrency`. */
  pricingUnitPrice: Decimal;
  pricingCurrency: string;
  /** Exact cost range in `currency`. */
  cost: Range<Money>;
  currency: string;
  /** The exchange rate applied (rate 1 when the currencies match). */
  fxRate: FxRate;
  /** The UTC day the price and rate were taken for. */
  date: string;
  /** Where the price comes from, when it was checked, and how far to trust it. */
  source: PriceSource;
  /** Everything the figure assumes, in words. */
  assumptions: string[];
  /** The full pricing at the low and high quantities (tier lines, exactness). */
  detail: Range<PricedUsage>;
}

/**
 * Estimates the cost of counted units before a job runs: quantity × unit price, in the payer's
 * currency at a dated FX rate, as a range when the quantity is itself estimated.
 *
 * @example
 * const entry = defaultPriceCatalogue().priceAt({ provider: 'azure', service: 'translator', sku: 'S1' });
 * const fxTable = FxTable.create([{ from: 'USD', to: 'GBP', rate: '0.8145', date: '2026-11-01', source: 'finance' }]);
 * estimateCost({ entry, quantity: 550_000, currency: 'GBP', fxTable }).cost.high.format(); // '£4.48'
 */
export function estimateCost(input: EstimateInput): Estimate {
  const range = isRange(input.quantity)
    ? { low: Decimal.from(input.quantity.low), high: Decimal.from(input.quantity.high) }
    : { low: Decimal.from(input.quantity), high: Decimal.from(input.quantity) };
  if (range.low.greaterThan(range.high)) {
    throw invalidArgument(
      `The low quantity (${range.low.toString()}) is above the high (${range.high.toString()}).`,
    );
  }
  const date = input.date ?? new Date();
  const price = (quantity: Decimal) =>
    priceUsage({
      entry: input.entry,
      quantity,
      currency: input.currency,
      date,
      ...(input.unit === undefined ? {} : { unit: input.unit }),
      ...(input.fxTable === undefined ? {} : { fxTable: input.fxTable }),
      ...(input.usedThisMonth === undefined ? {} : { usedThisMonth: input.usedThisMonth }),
    });
  const low = price(range.low);
  const high = range.high.equals(range.low) ? low : price(range.high);
  const firstLine = low.lines[0];
  const assumptions = [...(input.assumptions ?? [])];
  if (!range.low.equals(range.high)) {
    assumptions.push(
      `The quantity is itself estimated: between ${range.low.toString()} and ${range.high.toString()} ${low.unit}s.`,
    );
  }
  for (const assumption of [...low.assumptions, ...high.assumptions]) {
    if (!assumptions.includes(assumption)) assumptions.push(assumption);
  }
  return {
    priceEntryId: input.entry.id,
    catalogueVersion: input.entry.catalogueVersion,
    quantity: range,
    unit: low.unit,
    priceUnit: input.entry.unit,
    unitSize: input.entry.unitSize,
    unitPrice: firstLine?.unitPrice ?? input.entry.unitPrice.multiply(low.fxRate.rate),
    pricingUnitPrice: firstLine?.pricingUnitPrice ?? input.entry.unitPrice,
    pricingCurrency: input.entry.currency,
    cost: { low: low.cost, high: high.cost },
    currency: input.currency,
    fxRate: low.fxRate,
    date: formatUtcDay(toInstant(date)),
    source: input.entry.source,
    assumptions,
    detail: { low, high },
  };
}

function isRange(quantity: EstimateInput['quantity']): quantity is { low: DecimalInput; high: DecimalInput } {
  return (
    typeof quantity === 'object' && quantity !== null && !(quantity instanceof Decimal) && 'low' in quantity
  );
}
