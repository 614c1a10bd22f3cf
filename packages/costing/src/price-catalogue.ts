import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '@toex/core';
import { z } from 'zod';
import { Decimal } from './decimal';
import { priceCatalogueSchema } from './price-catalogue-schema';
import type { PriceCatalogueInput, PriceEntry, PriceEntryInput, PriceTier } from './price-entry';
import { type DateInput, formatUtcDay, toInstant } from './utc-date';

/** Which price to look up: a catalogue key and the day it must be in force. */
export interface PriceQuery {
  provider: string;
  service: string;
  sku: string;
  /** When the usage happens (or happened). Defaults to now. */
  date?: DateInput;
}

function keyOf(entry: { provider: string; service: string; sku: string }): string {
  return `${entry.provider}/${entry.service}/${entry.sku}`;
}

function sameKey(entry: PriceEntry, query: PriceQuery): boolean {
  // Case-insensitive so `--sku s1` finds Azure's `S1`; ids are otherwise compared exactly.
  return keyOf(entry).toLowerCase() === keyOf(query).toLowerCase();
}

function inForce(entry: PriceEntry, instant: number): boolean {
  return (
    toInstant(entry.effectiveFrom) <= instant &&
    (entry.effectiveTo === undefined || instant < toInstant(entry.effectiveTo))
  );
}

function describeRange(entry: PriceEntry): string {
  return entry.effectiveTo === undefined
    ? `from ${entry.effectiveFrom}`
    : `${entry.effectiveFrom} to ${entry.effectiveTo}`;
}

/**
 * A versioned set of prices that answers "what did this cost on date D?". Entries carry their source
 * and the date it was checked. Override files (your contract prices) are layered on top with
 * {@link PriceCatalogue.withOverrides}: an override in force wins over any built-in entry for the same key.
 */
export class PriceCatalogue {
  /** The version stamped on estimates and ledger lines: layer versions joined by `+`, highest precedence last. */
  readonly version: string;
  // Highest precedence first.
  readonly #layers: readonly (readonly PriceEntry[])[];

  private constructor(layers: readonly (readonly PriceEntry[])[], version: string) {
    this.#layers = layers;
    this.version = version;
  }

  /**
   * Validates `input` (a parsed price file or an object literal) and builds a catalogue. Throws
   * `ConfigurationError` naming every problem, prefixed by `origin` (e.g. the file path).
   */
  static create(input: PriceCatalogueInput, options: { origin?: string } = {}): PriceCatalogue {
    const origin = options.origin ?? 'price catalogue';
    const parsed = priceCatalogueSchema.safeParse(input);
    if (!parsed.success) {
      throw new ConfigurationError({
        code: 'invalid_price_catalogue',
        setting: origin,
        message: `${origin} is not a valid price file:\n${z.prettifyError(parsed.error)}`,
      });
    }
    const document = parsed.data;
    const entries = document.entries.map((entry, index) =>
      toPriceEntry(entry as PriceEntryInput, document.version, `${origin}: entries[${index}]`),
    );
    assertNoDuplicates(entries, origin);
    return new PriceCatalogue([entries], document.version);
  }

  /** Every entry, highest-precedence layer first. */
  get entries(): readonly PriceEntry[] {
    return this.#layers.flat();
  }

  /**
   * A new catalogue where `overrides` take precedence over this one. For a key and date, the override
   * in force is used if there is one; otherwise this catalogue's entry. Versions join as `base+override`.
   */
  withOverrides(overrides: PriceCatalogue | PriceCatalogueInput): PriceCatalogue {
    const layer = overrides instanceof PriceCatalogue ? overrides : PriceCatalogue.create(overrides);
    return new PriceCatalogue([...layer.#layers, ...this.#layers], `${this.version}+${layer.version}`);
  }

  /**
   * The entry for `provider/service/sku` in force on `date` (default now), or `undefined`. Within a layer the
   * entry with the latest `effectiveFrom` wins, so a new price supersedes an open-ended old one.
   */
  find(query: PriceQuery): PriceEntry | undefined {
    const instant = toInstant(query.date ?? new Date());
    for (const layer of this.#layers) {
      let best: PriceEntry | undefined;
      for (const entry of layer) {
        if (!sameKey(entry, query) || !inForce(entry, instant)) continue;
        if (best === undefined || toInstant(entry.effectiveFrom) > toInstant(best.effectiveFrom))
          best = entry;
      }
      if (best !== undefined) return best;
    }
    return undefined;
  }

  /**
   * The entry for `provider/service/sku` in force on `date` (default now). Throws `ConfigurationError`
   * (`price_not_found`) listing what the catalogue does hold, so a typo or a missing contract price is obvious.
   */
  priceAt(query: PriceQuery): PriceEntry {
    const entry = this.find(query);
    if (entry !== undefined) return entry;
    const day = formatUtcDay(toInstant(query.date ?? new Date()));
    const key = keyOf(query);
    const sameKeyEntries = this.entries.filter((candidate) => sameKey(candidate, query));
    // Name the provider's own keys when it has any, so the likely typo stands out; else everything.
    const provider = query.provider.toLowerCase();
    const providerKeys = this.keys().filter((candidate) =>
      candidate.toLowerCase().startsWith(`${provider}/`),
    );
    const held =
      sameKeyEntries.length > 0
        ? `${key} is priced only ${sameKeyEntries.map(describeRange).join('; ')}.`
        : providerKeys.length > 0
          ? `For ${query.provider} it holds: ${providerKeys.join(', ')}.`
          : `It holds: ${this.keys().join(', ')}.`;
    throw new ConfigurationError({
      code: 'price_not_found',
      setting: key,
      message:
        `No price for ${key} in force on ${day} in price catalogue ${this.version}. ${held} ` +
        'Check the provider, service and SKU, or add your price in a price file (--prices FILE).',
    });
  }

  /** Every `provider/service/sku` the catalogue prices, sorted. */
  keys(): string[] {
    return [...new Set(this.entries.map(keyOf))].sort();
  }
}

/**
 * Reads a JSON price file (the {@link PriceCatalogueInput} shape). Throws `ConfigurationError` naming
 * the file when it is missing, is not JSON, or fails validation. YAML is not read yet: convert it to JSON.
 */
export async function loadPriceCatalogue(path: string): Promise<PriceCatalogue> {
  if (/\.ya?ml$/i.test(path)) {
    throw new ConfigurationError({
      code: 'unsupported_price_file',
      setting: path,
      message: `${path}: YAML price files are not supported yet. Convert the file to JSON with the same fields.`,
    });
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError({
      code: 'price_file_unreadable',
      setting: path,
      message: `${path}: cannot read the price file (${(error as NodeJS.ErrnoException).code ?? 'error'}). Check the path.`,
      cause: error,
    });
  }
  return parsePriceCatalogue(text, { origin: path });
}

/** Parses the text of a JSON price file; see {@link loadPriceCatalogue}. */
export function parsePriceCatalogue(text: string, options: { origin?: string } = {}): PriceCatalogue {
  const origin = options.origin ?? 'price file';
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError({
      code: 'invalid_price_catalogue',
      setting: origin,
      message: `${origin} is not valid JSON: ${(error as Error).message}`,
      cause: error,
    });
  }
  // Validated inside `create`; the cast only satisfies the compiler.
  return PriceCatalogue.create(document as PriceCatalogueInput, { origin });
}

function toPriceEntry(input: PriceEntryInput, catalogueVersion: string, where: string): PriceEntry {
  const problem = (message: string) =>
    new ConfigurationError({
      code: 'invalid_price_catalogue',
      setting: where,
      message: `${where}: ${message}`,
    });
  const unitSize = Decimal.from(input.unitSize ?? 1);
  if (!unitSize.greaterThan(0)) throw problem(`unitSize must be above 0; got ${unitSize.toString()}.`);
  const tiers: PriceTier[] | undefined = input.tiers?.map((tier) => ({
    from: Decimal.from(tier.from),
    unitPrice: Decimal.from(tier.unitPrice),
  }));
  if (tiers !== undefined) {
    if (!tiers[0]?.from.isZero()) throw problem('the first tier must start from 0.');
    for (let index = 1; index < tiers.length; index += 1) {
      if (!tiers[index]!.from.greaterThan(tiers[index - 1]!.from)) {
        throw problem('tiers must be in ascending order of "from".');
      }
    }
  }
  const firstTierPrice = tiers?.[0]?.unitPrice;
  if (input.unitPrice === undefined && firstTierPrice === undefined)
    throw problem('give unitPrice or tiers.');
  const unitPrice = Decimal.from(input.unitPrice ?? firstTierPrice ?? 0);
  if (firstTierPrice !== undefined && !unitPrice.equals(firstTierPrice)) {
    throw problem("unitPrice must equal the first tier's unitPrice (or be left out).");
  }
  if ([unitPrice, ...(tiers ?? []).map((tier) => tier.unitPrice)].some((price) => price.isNegative())) {
    throw problem('prices cannot be negative.');
  }
  if (input.effectiveTo !== undefined && toInstant(input.effectiveTo) <= toInstant(input.effectiveFrom)) {
    throw problem(`effectiveTo (${input.effectiveTo}) must be after effectiveFrom (${input.effectiveFrom}).`);
  }
  const metering = input.metering;
  const expectedUnits: Record<string, readonly string[]> = {
    characters: ['character'],
    'text-records': ['text-record'],
    duration: ['second', 'minute', 'hour'],
  };
  const allowed = metering === undefined ? undefined : expectedUnits[metering.kind];
  if (metering !== undefined && allowed !== undefined && !allowed.includes(input.unit)) {
    throw problem(
      `a "${metering.kind}" metering rule needs unit ${allowed.join(' or ')}, not ${input.unit}.`,
    );
  }
  return {
    id: `${keyOf(input)}@${input.effectiveFrom}`,
    catalogueVersion,
    provider: input.provider,
    service: input.service,
    sku: input.sku,
    ...(input.meterId === undefined ? {} : { meterId: input.meterId }),
    description: input.description,
    unit: input.unit,
    unitSize,
    unitPrice,
    currency: input.currency,
    ...(tiers === undefined ? {} : { tiers }),
    effectiveFrom: input.effectiveFrom,
    ...(input.effectiveTo === undefined ? {} : { effectiveTo: input.effectiveTo }),
    ...(metering === undefined ? {} : { metering }),
    source: input.source,
  };
}

function assertNoDuplicates(entries: readonly PriceEntry[], origin: string): void {
  const seen = new Set<string>();
  for (const entry of entries) {
    const id = entry.id.toLowerCase();
    if (seen.has(id)) {
      throw new ConfigurationError({
        code: 'invalid_price_catalogue',
        setting: origin,
        message: `${origin}: two entries for ${keyOf(entry)} start on ${entry.effectiveFrom}. Keep one, or give the newer price a later effectiveFrom.`,
      });
    }
    seen.add(id);
  }
}
