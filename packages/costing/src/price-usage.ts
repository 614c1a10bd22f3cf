import { ConfigurationError } from '@toex/core';
import { type BillingUnit, unitConversion } from './billing-unit';
import { Decimal, type DecimalInput } from './decimal';
import { entryFxRate, isFreeEntry } from './entry-fx-rate';
import type { FxRate, FxTable } from './fx-table';
import { Money } from './money';
import type { PriceEntry } from './price-entry';
import type { DateInput } from './utc-date';

/**
 * Decimal places kept when a price needs a division that does not terminate (a per-hour price for
 * 3,725 seconds). 1e-12 of a pound per line keeps a million lines within a millionth of a pound; all
 * per-character and per-record prices divide exactly and are never rounded.
 */
export const divisionScale = 12;

/** What to price: a quantity against one catalogue entry, in the currency the payer is billed in. */
export interface PriceUsageInput {
  entry: PriceEntry;
  /** Consumed quantity, in `unit`. Negative only for corrections of flat prices. */
  quantity: DecimalInput;
  /** Unit of `quantity`; defaults to the entry's. Seconds, minutes and hours convert into each other. */
  unit?: BillingUnit;
  /** Currency to bill in, e.g. `GBP`. */
  currency: string;
  /** Rates for converting from the entry's currency; not needed when the currencies match. */
  fxTable?: FxTable;
  /** When the usage happened: picks the FX rate. Defaults to now. */
  date?: DateInput;
  /**
   * For tiered entries: usage already counted this month before `quantity`, in the entry's unit. When
   * absent, pricing starts at the first tier and says so in `assumptions`.
   */
  usedThisMonth?: DecimalInput;
}

/** One priced slice of usage: the whole quantity for a flat price, or the part falling in one tier. */
export interface PricedLine {
  /** 1-based tier number for tiered entries; absent for flat prices. */
  tier?: number;
  /** Consumed quantity in this line, in the usage's unit. */
  quantity: Decimal;
  /** Quantity in price units (`quantity` converted to the entry's unit, ÷ `unitSize`): FinOps FOCUS `PricingQuantity`. */
  pricingQuantity: Decimal;
  /** Price per `unitSize` of the entry's unit, in the entry's currency. */
  pricingUnitPrice: Decimal;
  /** The same price in the billing currency (`pricingUnitPrice × fx rate`). */
  unitPrice: Decimal;
  /** Cost in the entry's currency. */
  pricingCost: Decimal;
  /** Cost in the billing currency. Exact unless the line's `exact` is false. */
  cost: Decimal;
  /** False when a non-terminating division was rounded half-even at {@link divisionScale} places. */
  exact: boolean;
}

/** Usage priced exactly against one entry, with everything needed to reproduce the figure. */
export interface PricedUsage {
  entry: PriceEntry;
  /** Consumed quantity, in `unit`. */
  quantity: Decimal;
  unit: BillingUnit;
  /** Lines in tier order; exactly one for flat prices. */
  lines: readonly PricedLine[];
  /** Total in the billing currency. */
  cost: Money;
  /** Total in the entry's (price list's) currency. */
  pricingCost: Money;
  /** The exchange rate used (rate 1, source `same currency`, when no conversion was needed). */
  fxRate: FxRate;
  /** False when any line was rounded; see {@link PricedLine.exact}. */
  exact: boolean;
  /** What the figure assumes, in words, for people reading the estimate or ledger. */
  assumptions: string[];
}

/**
 * Prices `quantity` of usage against `entry`: converts units (seconds to hours), applies graduated
 * monthly tiers, converts currency at the dated rate, and keeps every amount exact. Nothing is rounded
 * for presentation here; round once when showing or invoicing (`Money.format`).
 */
export function priceUsage(input: PriceUsageInput): PricedUsage {
  const { entry } = input;
  const quantity = Decimal.from(input.quantity);
  const unit = input.unit ?? entry.unit;
  const conversion = unitConversion(unit, entry.unit);
  if (conversion === undefined) {
    throw new ConfigurationError({
      code: 'unit_mismatch',
      setting: 'unit',
      message: `${entry.id} is priced per ${entry.unit}; a quantity in ${unit} cannot be converted to it.`,
    });
  }
  const fxRate = entryFxRate(entry, input.currency, input.fxTable, input.date);
  const assumptions: string[] = [];
  const slices = sliceByTier(entry, quantity, unit, input.usedThisMonth, assumptions);
  const lines = slices.map((slice) => priceLine(entry, slice, conversion, fxRate));
  const exact = lines.every((line) => line.exact);
  if (!exact) {
    assumptions.push(
      `Converting ${unit}s to ${entry.unit}s does not divide exactly; the cost is rounded half-even at ${divisionScale} decimal places.`,
    );
  }
  if (entry.currency !== input.currency && !isFreeEntry(entry)) {
    assumptions.push(
      `Converted from ${entry.currency} at ${fxRate.from}→${fxRate.to} ${fxRate.rate.toString()} (rate of ${fxRate.date}; ${fxRate.source}).`,
    );
  }
  if (entry.source.confidence === 'unconfirmed') {
    const where = entry.source.url === undefined ? '' : ` at ${entry.source.url}`;
    assumptions.push(
      `The ${entry.id} price is UNCONFIRMED (see its source note): verify it${where} before relying on it.`,
    );
  }
  return {
    entry,
    quantity,
    unit,
    lines,
    cost: Money.of(Decimal.sum(lines.map((line) => line.cost)), input.currency),
    pricingCost: Money.of(Decimal.sum(lines.map((line) => line.pricingCost)), entry.currency),
    fxRate,
    exact,
    assumptions,
  };
}

interface Slice {
  tier?: number;
  quantity: Decimal;
  unitPrice: Decimal;
}

function sliceByTier(
  entry: PriceEntry,
  quantity: Decimal,
  unit: BillingUnit,
  usedThisMonth: DecimalInput | undefined,
  assumptions: string[],
): Slice[] {
  const tiers = entry.tiers;
  if (tiers === undefined || tiers.length === 1) return [{ quantity, unitPrice: entry.unitPrice }];
  if (unit !== entry.unit || quantity.isNegative()) {
    throw new ConfigurationError({
      code: 'unit_mismatch',
      setting: 'unit',
      message: `${entry.id} is tiered per ${entry.unit}: give a quantity of 0 or more in ${entry.unit}s.`,
    });
  }
  if (usedThisMonth === undefined) {
    assumptions.push(
      `Assumes no earlier ${entry.unit} usage this month: priced from the first tier of ${entry.id}.`,
    );
  }
  const start = Decimal.from(usedThisMonth ?? 0);
  const end = start.add(quantity);
  const slices: Slice[] = [];
  tiers.forEach((tier, index) => {
    const next = tiers[index + 1]?.from;
    const sliceStart = Decimal.max(start, tier.from);
    const sliceEnd = next === undefined ? end : Decimal.min(end, next);
    if (sliceEnd.greaterThan(sliceStart)) {
      slices.push({ tier: index + 1, quantity: sliceEnd.subtract(sliceStart), unitPrice: tier.unitPrice });
    }
  });
  // A zero quantity still yields a line, at the tier the month has reached, so the price is visible.
  if (slices.length === 0) {
    const reached = tiers.findLastIndex((tier) => tier.from.lessThanOrEqual(start));
    slices.push({
      tier: reached + 1,
      quantity: Decimal.zero,
      unitPrice: tiers[reached]?.unitPrice ?? entry.unitPrice,
    });
  }
  return slices;
}

function priceLine(
  entry: PriceEntry,
  slice: Slice,
  conversion: { multiplier: Decimal; divisor: Decimal },
  fxRate: FxRate,
): PricedLine {
  const denominator = conversion.divisor.multiply(entry.unitSize);
  const divide = (numerator: Decimal) =>
    numerator.divideWithin(denominator, { maximumScale: divisionScale, rounding: 'half-even' });
  const scaledQuantity = slice.quantity.multiply(conversion.multiplier);
  const unitPrice = slice.unitPrice.multiply(fxRate.rate);
  const pricingQuantity = divide(scaledQuantity);
  const pricingCost = divide(scaledQuantity.multiply(slice.unitPrice));
  const cost = divide(scaledQuantity.multiply(unitPrice));
  return {
    ...(slice.tier === undefined ? {} : { tier: slice.tier }),
    quantity: slice.quantity,
    pricingQuantity: pricingQuantity.quotient,
    pricingUnitPrice: slice.unitPrice,
    unitPrice,
    pricingCost: pricingCost.quotient,
    cost: cost.quotient,
    exact: pricingCost.exact && cost.exact,
  };
}
