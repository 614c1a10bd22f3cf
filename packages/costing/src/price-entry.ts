import type { BillingUnit } from './billing-unit';
import type { Decimal, DecimalInput } from './decimal';
import type { MeteringRule } from './metering-rule';

/**
 * How much to trust a price.
 *
 * - `official`: read from the provider's own price list or price API.
 * - `contract`: your negotiated price (an override you supply).
 * - `secondary`: restated by third parties or by code that reads the provider's price API; consistent, but not read
 *   from the provider's page by us.
 * - `unconfirmed`: a single third-party source, or flagged UNCONFIRMED in research; verify before quoting.
 * - `self-hosted`: nobody bills per unit; the price is a compute rate you set, or zero.
 */
export type PriceConfidence = 'official' | 'contract' | 'secondary' | 'unconfirmed' | 'self-hosted';

/** Where a price comes from and when someone last looked. */
export interface PriceSource {
  /** Page, document or API query the figure was read from. Absent only for self-hosted and contract prices. */
  url?: string;
  /** When the figure was last checked against `url`: `YYYY-MM` or `YYYY-MM-DD`. */
  checked: string;
  confidence: PriceConfidence;
  /** Anything a reader must know: free allowances, base fees not modelled, evidence dates. */
  note?: string;
}

/** One step of a graduated (tiered) price, as written in a price file. */
export interface PriceTierInput {
  /** Usage within the tier period, in the entry's `unit`, from which this price applies. The first tier starts at 0. */
  from: DecimalInput;
  /** Price per `unitSize` units in this tier. */
  unitPrice: DecimalInput;
}

/**
 * A price as written in a price file or in code. Amounts are decimal strings (numbers are accepted
 * and read through their shortest text, so `0.00002` is exact).
 */
export interface PriceEntryInput {
  /** Provider id, as translation providers name themselves: `azure`, `deepl`, `google`. */
  provider: string;
  /** Service within the provider: `translator`, `speech`, `language`, `video-indexer`, `transcription`. */
  service: string;
  /** Priced variant: `S1`, `batch`, `pro`, `whisper-1`. */
  sku: string;
  /** The provider's own meter id (Azure `meterId`), when known: the stable key across renames. */
  meterId?: string;
  /** One line for people: `Translator S1 standard text translation`. */
  description: string;
  /** What is counted. */
  unit: BillingUnit;
  /** How many `unit`s the price is for: `1000000` for "$10 per million characters". Defaults to 1. */
  unitSize?: DecimalInput;
  /** Price per `unitSize` units in `currency`. Required unless `tiers` is given (then it is the first tier's). */
  unitPrice?: DecimalInput;
  /** ISO 4217 currency of the price list, e.g. `USD`. */
  currency: string;
  /**
   * Graduated prices over usage accumulated in each calendar month (UTC), as Azure bills AI Language:
   * each unit is priced at the tier its running monthly total falls in.
   */
  tiers?: readonly PriceTierInput[];
  /** First day (or instant) the price applies, inclusive, UTC: `2025-07-01`. */
  effectiveFrom: string;
  /** First day (or instant) it no longer applies, exclusive; absent while current. */
  effectiveTo?: string;
  /** How the provider counts the quantity; lets callers meter exactly what will be billed. */
  metering?: MeteringRule;
  source: PriceSource;
}

/** A price file: a versioned set of entries. */
export interface PriceCatalogueInput {
  /** Version recorded on every estimate and ledger line priced from this file, e.g. `toex-2026-11` or `contract-2027`. */
  version: string;
  /** When the file was published or last edited, `YYYY-MM-DD`. */
  published?: string;
  entries: readonly PriceEntryInput[];
}

/** One graduated price step, parsed. */
export interface PriceTier {
  /** Usage within the month, in `unit`s, from which this price applies. */
  from: Decimal;
  /** Price per `unitSize` units. */
  unitPrice: Decimal;
}

/** A validated price entry, as a catalogue returns it. */
export interface PriceEntry {
  /** Stable id: `provider/service/sku@effectiveFrom`, recorded on ledger lines. */
  id: string;
  /** Version of the catalogue (or override file) the entry came from. */
  catalogueVersion: string;
  provider: string;
  service: string;
  sku: string;
  meterId?: string;
  description: string;
  unit: BillingUnit;
  /** How many `unit`s `unitPrice` is for. */
  unitSize: Decimal;
  /** Price per `unitSize` units in `currency`; for tiered entries, the first tier's. */
  unitPrice: Decimal;
  currency: string;
  /** Graduated monthly tiers, ascending, the first from 0; absent for flat prices. */
  tiers?: readonly PriceTier[];
  effectiveFrom: string;
  effectiveTo?: string;
  metering?: MeteringRule;
  source: PriceSource;
}
