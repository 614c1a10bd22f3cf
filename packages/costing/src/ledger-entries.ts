import { randomUUID } from 'node:crypto';
import type { BillingUnit } from './billing-unit';
import { unitConversion } from './billing-unit';
import { Decimal, type DecimalInput } from './decimal';
import { entryFxRate } from './entry-fx-rate';
import type { FxTable } from './fx-table';
import { invalidArgument } from './invalid-argument';
import type { LedgerEntry } from './ledger-entry';
import type { PriceEntry } from './price-entry';
import { divisionScale, type PricedUsage } from './price-usage';
import type { QuantitySource } from './usage-meter';
import { type DateInput, toInstant } from './utc-date';

/** Who the usage is charged to and what it was, for ledger lines. */
export interface LedgerContext {
  jobId: string;
  /** Case or operation reference; omit for work not tied to a case. */
  caseReference?: string;
  /** The paying organisation (force) to recharge. */
  organisation: string;
  /** When the usage happened. Defaults to now. */
  time?: DateInput;
  description?: string;
  tags?: Record<string, string>;
  /** Makes line ids; defaults to random UUIDs. Inject for reproducible tests. */
  createId?: () => string;
}

/**
 * Ledger lines for priced usage: one per price tier touched (one for flat prices), snapshotting the
 * unit price, FX rate and catalogue version. `quantitySource` says whether the quantity is an estimate,
 * our own count or the provider's figure; both counts are kept when known (on the first line).
 */
export function ledgerEntriesFor(
  priced: PricedUsage,
  context: LedgerContext & {
    quantitySource: QuantitySource;
    clientQuantity?: DecimalInput;
    reportedQuantity?: DecimalInput;
  },
): LedgerEntry[] {
  const createId = context.createId ?? randomUUID;
  return priced.lines.map((line, index) => ({
    ...commonFields(priced.entry, context, createId),
    quantity: line.quantity.toString(),
    unit: priced.unit,
    quantitySource: context.quantitySource,
    ...(index === 0 && context.clientQuantity !== undefined
      ? { clientQuantity: Decimal.from(context.clientQuantity).toString() }
      : {}),
    ...(index === 0 && context.reportedQuantity !== undefined
      ? { reportedQuantity: Decimal.from(context.reportedQuantity).toString() }
      : {}),
    unitPrice: line.unitPrice.toString(),
    pricingUnitPrice: line.pricingUnitPrice.toString(),
    fxRate: priced.fxRate.rate.toString(),
    fxRateDate: priced.fxRate.date,
    fxRateSource: priced.fxRate.source,
    cost: line.cost.toString(),
    currency: priced.cost.currency,
    ...(line.tier === undefined ? {} : { tier: line.tier }),
  }));
}

/**
 * A ledger line for usage whose quantity is not known (a batch job that reported no duration):
 * `quantity` and `cost` are `null`, so reports show it as unknown instead of pricing it as free. Settle it
 * later with {@link correctionEntry}.
 */
export function unknownUsageEntry(
  input: LedgerContext & {
    entry: PriceEntry;
    /** Unit the quantity would have been counted in; defaults to the entry's. */
    unit?: BillingUnit;
    currency: string;
    fxTable?: FxTable;
    clientQuantity?: DecimalInput;
  },
): LedgerEntry {
  const fxRate = entryFxRate(input.entry, input.currency, input.fxTable, input.time);
  return {
    ...commonFields(input.entry, input, input.createId ?? randomUUID),
    quantity: null,
    unit: input.unit ?? input.entry.unit,
    quantitySource: 'unknown',
    ...(input.clientQuantity === undefined
      ? {}
      : { clientQuantity: Decimal.from(input.clientQuantity).toString() }),
    unitPrice: input.entry.unitPrice.multiply(fxRate.rate).toString(),
    pricingUnitPrice: input.entry.unitPrice.toString(),
    fxRate: fxRate.rate.toString(),
    fxRateDate: fxRate.date,
    fxRateSource: fxRate.source,
    cost: null,
    currency: input.currency,
  };
}

/**
 * A correction line that brings `original` to `quantity` (e.g. the figure on the provider's invoice):
 * it carries the difference in quantity and cost, priced at the original line's snapshotted unit price
 * and FX rate, unless `cost` gives the corrected total cost. The original line is never edited. For an
 * unknown original, the correction carries the whole quantity and cost and settles it.
 */
export function correctionEntry(
  original: LedgerEntry,
  correction: {
    /** The right total quantity for the original line, in its unit. */
    quantity: DecimalInput;
    /** The right total cost in the original's currency, when not simply quantity × unit price. */
    cost?: DecimalInput;
    /** Evidence for the right quantity; defaults to `provider-invoice`. */
    quantitySource?: QuantitySource;
    reason: string;
    /** When the correction is made. Defaults to now. */
    time?: DateInput;
    createId?: () => string;
  },
): LedgerEntry {
  const rightQuantity = Decimal.from(correction.quantity);
  const rightCost =
    correction.cost === undefined ? costAtSnapshot(original, rightQuantity) : Decimal.from(correction.cost);
  const {
    clientQuantity: _clientQuantity,
    reportedQuantity: _reportedQuantity,
    corrects: _corrects,
    reason: _reason,
    ...kept
  } = original;
  return {
    ...kept,
    id: (correction.createId ?? randomUUID)(),
    time: new Date(toInstant(correction.time ?? new Date())).toISOString(),
    kind: 'correction',
    corrects: original.id,
    reason: correction.reason,
    quantity: rightQuantity.subtract(original.quantity ?? 0).toString(),
    quantitySource: correction.quantitySource ?? 'provider-invoice',
    cost: rightCost.subtract(original.cost ?? 0).toString(),
  };
}

/**
 * The cost of `quantity` at a ledger line's snapshotted unit price: quantity (converted to the price
 * unit) × unit price ÷ unit size, rounded half-even at 12 places only if the division does not terminate.
 */
export function costAtSnapshot(entry: LedgerEntry, quantity: DecimalInput): Decimal {
  return inPriceUnits(entry, Decimal.from(quantity).multiply(entry.unitPrice));
}

/** The same as {@link costAtSnapshot}, in the price list's currency (`pricingUnitPrice`). */
export function pricingCostAtSnapshot(entry: LedgerEntry, quantity: DecimalInput): Decimal {
  return inPriceUnits(entry, Decimal.from(quantity).multiply(entry.pricingUnitPrice));
}

/** FinOps FOCUS `PricingQuantity` for `quantity` of a ledger line: in price units ÷ unit size. */
export function pricingQuantityOf(entry: LedgerEntry, quantity: DecimalInput): Decimal {
  return inPriceUnits(entry, Decimal.from(quantity));
}

// `value` (per consumed unit) expressed per `unitSize` price units, dividing once at the end.
function inPriceUnits(entry: LedgerEntry, value: Decimal): Decimal {
  const conversion = unitConversion(entry.unit, entry.priceUnit);
  if (conversion === undefined) {
    throw invalidArgument(
      `Ledger line ${entry.id} counts ${entry.unit}s but is priced per ${entry.priceUnit}.`,
    );
  }
  const numerator = value.multiply(conversion.multiplier);
  const denominator = conversion.divisor.multiply(entry.unitSize);
  return numerator.divideWithin(denominator, { maximumScale: divisionScale, rounding: 'half-even' }).quotient;
}

function commonFields(
  entry: PriceEntry,
  context: LedgerContext,
  createId: () => string,
): Omit<
  LedgerEntry,
  | 'quantity'
  | 'unit'
  | 'quantitySource'
  | 'unitPrice'
  | 'pricingUnitPrice'
  | 'fxRate'
  | 'fxRateDate'
  | 'fxRateSource'
  | 'cost'
  | 'currency'
> {
  return {
    formatVersion: 1,
    id: createId(),
    time: new Date(toInstant(context.time ?? new Date())).toISOString(),
    kind: 'charge',
    jobId: context.jobId,
    ...(context.caseReference === undefined ? {} : { caseReference: context.caseReference }),
    organisation: context.organisation,
    provider: entry.provider,
    service: entry.service,
    sku: entry.sku,
    ...(entry.meterId === undefined ? {} : { meterId: entry.meterId }),
    ...(context.description === undefined ? {} : { description: context.description }),
    priceUnit: entry.unit,
    unitSize: entry.unitSize.toString(),
    pricingCurrency: entry.currency,
    priceEntryId: entry.id,
    catalogueVersion: entry.catalogueVersion,
    priceConfidence: entry.source.confidence,
    ...(context.tags === undefined ? {} : { tags: context.tags }),
  };
}
