import { z } from 'zod';
import type { BillingUnit } from './billing-unit';
import type { PriceConfidence } from './price-entry';
import { billingUnitField, currencyField, decimalStringField } from './schema-fields';
import type { QuantitySource } from './usage-meter';

/**
 * One line of the cost ledger: a priced piece of usage, snapshotting the price, FX rate and catalogue
 * version used so it is never recomputed. Lines are only ever appended; a mistake is fixed by a new
 * `correction` line, never by editing. Amounts are exact decimal strings; `cost` and `quantity` are
 * `null` when the usage is unknown (never a silent zero).
 */
export interface LedgerEntry {
  /** Line format version; `1`. */
  formatVersion: 1;
  /** Unique id of the line (a UUID). */
  id: string;
  /** When the usage happened (or the correction was made), ISO-8601 UTC: `2026-11-22T10:15:00.000Z`. */
  time: string;
  /** `charge` for usage; `correction` for a line that adjusts an earlier one (FOCUS `ChargeClass` "Correction"). */
  kind: 'charge' | 'correction';
  /** For corrections: the id of the line corrected; absent for a stand-alone adjustment (e.g. an invoice difference). */
  corrects?: string;
  /** Why: for corrections especially (`"Azure invoice 2026-11 metered 104,240 characters"`). */
  reason?: string;
  /** The job that incurred it. */
  jobId: string;
  /** Case or operation reference; FOCUS `SubAccountId`. Absent for work not tied to a case. */
  caseReference?: string;
  /** The paying organisation (force) recharged; FOCUS `BillingAccountId`. */
  organisation: string;
  provider: string;
  service: string;
  sku: string;
  /** The provider's meter id, when the price entry has one. */
  meterId?: string;
  /** A line for people, e.g. `Translator S1 ar→en, 4 requests`. */
  description?: string;
  /** Consumed quantity in `unit`; `null` when unknown. Negative in a correction that reduces a charge. */
  quantity: string | null;
  unit: BillingUnit;
  /** The evidence for `quantity`: estimate, our count, the provider's report or invoice; `unknown` when `quantity` is null. */
  quantitySource: QuantitySource | 'unknown';
  /** Our own count, kept beside the provider's. */
  clientQuantity?: string;
  /** The provider's reported count (e.g. `X-metered-usage`), when it gave one. */
  reportedQuantity?: string;
  /** The unit the price is quoted in and how many of them: per `unitSize` `priceUnit`s. */
  priceUnit: BillingUnit;
  unitSize: string;
  /** Price per `unitSize` `priceUnit`s in `currency`. */
  unitPrice: string;
  /** The same price in the price list's currency. */
  pricingUnitPrice: string;
  pricingCurrency: string;
  /** Units of `currency` per unit of `pricingCurrency`; `"1"` when they match. */
  fxRate: string;
  /** First day the FX rate applied. */
  fxRateDate: string;
  /** Where the FX rate came from. */
  fxRateSource: string;
  /** Exact cost in `currency`; `null` when the usage is unknown. */
  cost: string | null;
  /** Billing currency (ISO 4217), e.g. `GBP`. */
  currency: string;
  /** 1-based price tier for graduated prices. */
  tier?: number;
  /** `provider/service/sku@effectiveFrom` of the price used. */
  priceEntryId: string;
  /** Version of the price catalogue the price came from (`toex-2026-11+contract-2027`). */
  catalogueVersion: string;
  /** How far the price can be trusted, from the catalogue. */
  priceConfidence: PriceConfidence;
  /** Free-form labels (requester, language pair). Values are strings. */
  tags?: Record<string, string>;
}

/** Validates ledger lines read from storage or given to `append`. Internal. */
export const ledgerEntrySchema = z
  .strictObject({
    formatVersion: z.literal(1),
    id: z.string().min(1),
    time: z.iso.datetime({ offset: false }),
    kind: z.enum(['charge', 'correction']),
    corrects: z.string().min(1).optional(),
    reason: z.string().optional(),
    jobId: z.string().min(1),
    caseReference: z.string().min(1).optional(),
    organisation: z.string().min(1),
    provider: z.string().min(1),
    service: z.string().min(1),
    sku: z.string().min(1),
    meterId: z.string().min(1).optional(),
    description: z.string().optional(),
    quantity: decimalStringField.nullable(),
    unit: billingUnitField,
    quantitySource: z.enum(['provider-invoice', 'provider-reported', 'client-count', 'estimate', 'unknown']),
    clientQuantity: decimalStringField.optional(),
    reportedQuantity: decimalStringField.optional(),
    priceUnit: billingUnitField,
    unitSize: decimalStringField,
    unitPrice: decimalStringField,
    pricingUnitPrice: decimalStringField,
    pricingCurrency: currencyField,
    fxRate: decimalStringField,
    fxRateDate: z.string().min(1),
    fxRateSource: z.string().min(1),
    cost: decimalStringField.nullable(),
    currency: currencyField,
    tier: z.number().int().positive().optional(),
    priceEntryId: z.string().min(1),
    catalogueVersion: z.string().min(1),
    priceConfidence: z.enum(['official', 'contract', 'secondary', 'unconfirmed', 'self-hosted']),
    tags: z.record(z.string(), z.string()).optional(),
  })
  .refine((entry) => (entry.quantity === null) === (entry.quantitySource === 'unknown'), {
    message: 'quantity must be null exactly when quantitySource is "unknown"',
  })
  .refine((entry) => (entry.cost === null) === (entry.quantity === null), {
    message: 'cost must be null exactly when quantity is null',
  })
  .refine((entry) => entry.kind === 'correction' || entry.corrects === undefined, {
    message: 'only a correction can name a line in "corrects"',
  });
