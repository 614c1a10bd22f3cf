import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@toex/core';
import { describe, expect, it } from 'vitest';
import { defaultPriceCatalogue, defaultPriceCatalogueInput } from './default-price-catalogue';
import { loadPriceCatalogue, PriceCatalogue, parsePriceCatalogue } from './price-catalogue';
import type { PriceCatalogueInput } from './price-entry';

const contract: PriceCatalogueInput = {
  version: 'contract-2027',
  entries: [
    {
      provider: 'azure',
      service: 'translator',
      sku: 'S1',
      description: 'Enterprise agreement price',
      unit: 'character',
      unitSize: '1000000',
      unitPrice: '7.50',
      currency: 'GBP',
      effectiveFrom: '2027-01-01',
      source: { checked: '2026-12-01', confidence: 'contract', note: 'EA price sheet 2027' },
    },
  ],
};

describe('the default price catalogue', () => {
  const catalogue = defaultPriceCatalogue();

  it('prices Azure Translator S1 at $10 per million characters, with its source', () => {
    const entry = catalogue.priceAt({
      provider: 'azure',
      service: 'translator',
      sku: 'S1',
      date: '2026-11-22',
    });
    expect(entry.unitPrice.toString()).toBe('10');
    expect(entry.unitSize.toString()).toBe('1000000');
    expect(entry.currency).toBe('USD');
    expect(entry.catalogueVersion).toBe('toex-2026-11');
    expect(entry.id).toBe('azure/translator/S1@2026-11-01');
    expect(entry.source.url).toMatch(/^https:\/\/azure\.microsoft\.com\//);
    expect(entry.metering).toEqual({
      kind: 'characters',
      characterCounting: 'utf16',
      billedPerTarget: true,
      billsMarkup: true,
    });
  });

  it('answers with the price in force on the date asked', () => {
    const batch = (date: string) =>
      catalogue.priceAt({ provider: 'azure', service: 'speech', sku: 'batch', date }).unitPrice.toString();
    expect(batch('2025-01-15')).toBe('0.36');
    expect(batch('2025-06-30T23:59:59Z')).toBe('0.36');
    expect(batch('2025-07-01')).toBe('0.18');
  });

  it('names what it holds when a price is missing or not yet in force', () => {
    expect(() =>
      catalogue.priceAt({ provider: 'azure', service: 'translator', sku: 'S9', date: '2026-11-22' }),
    ).toThrow(
      /No price for azure\/translator\/S9 in force on 2026-11-22 in price catalogue toex-2026-11\. For azure it holds: .*azure\/translator\/S1/,
    );
    expect(() =>
      catalogue.priceAt({ provider: 'azure', service: 'speech', sku: 'batch', date: '2023-01-01' }),
    ).toThrow(/priced only 2024-03-01 to 2025-07-01; from 2025-07-01/);
    expect(() => catalogue.priceAt({ provider: 'nobody', service: 'x', sku: 'y' })).toThrow(
      /It holds: amazon\/comprehend\/detect-entities, .*amazon\/transcribe\/standard, .*deepl\/translator\/pro/,
    );
    let thrown: unknown;
    try {
      catalogue.priceAt({ provider: 'nobody', service: 'x', sku: 'y' });
    } catch (error) {
      thrown = error;
    }
    expect(ConfigurationError.isInstance(thrown) && thrown.code).toBe('price_not_found');
  });

  it('matches keys without regard to case', () => {
    expect(
      catalogue.find({ provider: 'Azure', service: 'translator', sku: 's1', date: '2026-11-22' })?.sku,
    ).toBe('S1');
  });

  it('covers the services the shared service bills', () => {
    const keys = catalogue.keys();
    for (const key of [
      'azure/translator/S1',
      'azure/speech/real-time',
      'azure/speech/batch',
      'azure/speech/fast',
      'azure/video-indexer/basic-audio',
      'azure/video-indexer/advanced-video',
      'azure/language/text-records',
      'deepl/translator/pro',
      'google/translator/v2-nmt',
      'google/translator/v3-nmt',
      'amazon/translator/standard',
      'openai/transcription/whisper-1',
      'assemblyai/transcription/universal',
      'deepgram/transcription/nova-3',
      'apertium/apy/self-hosted',
      'self-hosted/compute/default',
    ]) {
      expect(keys).toContain(key);
    }
  });

  it('gives every price a source, a checked date, and a note when unconfirmed', () => {
    for (const entry of catalogue.entries) {
      expect(entry.source.checked).toMatch(/^\d{4}-\d{2}/);
      if (entry.source.confidence !== 'self-hosted') expect(entry.source.url).toMatch(/^https:\/\//);
      if (entry.source.confidence === 'unconfirmed') expect(entry.source.note?.length).toBeGreaterThan(10);
    }
  });

  it('reproduces the researched list prices', () => {
    const price = (provider: string, service: string, sku: string) =>
      catalogue.priceAt({ provider, service, sku, date: '2026-11-22' });
    expect(
      ['basic-audio', 'standard-audio', 'advanced-audio', 'standard-video', 'advanced-video'].map((sku) =>
        price('azure', 'video-indexer', sku).unitPrice.toString(),
      ),
    ).toEqual(['0.0126', '0.024', '0.04', '0.09', '0.15']);
    expect(price('deepl', 'translator', 'pro').unitPrice.toString()).toBe('20');
    expect(price('deepl', 'translator', 'pro').currency).toBe('EUR');
    const language = price('azure', 'language', 'text-records');
    expect(language.tiers?.map((tier) => [tier.from.toString(), tier.unitPrice.toString()])).toEqual([
      ['0', '1'],
      ['500000', '0.75'],
      ['2500000', '0.3'],
      ['10000000', '0.25'],
    ]);
    expect(price('self-hosted', 'compute', 'default').unitPrice.isZero()).toBe(true);
  });

  it('is itself expressible as a JSON price file', () => {
    const reloaded = parsePriceCatalogue(JSON.stringify(defaultPriceCatalogueInput));
    expect(reloaded.keys()).toEqual(catalogue.keys());
    expect(reloaded.entries.map((entry) => entry.id)).toEqual(catalogue.entries.map((entry) => entry.id));
  });
});

describe('contract price overrides', () => {
  const catalogue = defaultPriceCatalogue().withOverrides(contract);

  it('uses the contract price where it is in force and the list price elsewhere', () => {
    const before = catalogue.priceAt({
      provider: 'azure',
      service: 'translator',
      sku: 'S1',
      date: '2026-12-31',
    });
    const after = catalogue.priceAt({
      provider: 'azure',
      service: 'translator',
      sku: 'S1',
      date: '2027-01-01',
    });
    expect([before.unitPrice.toString(), before.currency]).toEqual(['10', 'USD']);
    expect([after.unitPrice.toString(), after.currency]).toEqual(['7.5', 'GBP']);
    expect(after.catalogueVersion).toBe('contract-2027');
    expect(catalogue.version).toBe('toex-2026-11+contract-2027');
  });

  it('loads overrides from a JSON file', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'toex-prices-'));
    const path = join(directory, 'contract.json');
    await writeFile(path, JSON.stringify(contract));
    const loaded = await loadPriceCatalogue(path);
    expect(loaded.version).toBe('contract-2027');
    await expect(loadPriceCatalogue(join(directory, 'missing.json'))).rejects.toThrow(
      /cannot read the price file \(ENOENT\)/,
    );
    await expect(loadPriceCatalogue(join(directory, 'prices.yaml'))).rejects.toThrow(
      /YAML price files are not supported yet/,
    );
  });
});

describe('price file validation', () => {
  const entry = contract.entries[0]!;
  const withEntry = (changes: Record<string, unknown>) => ({
    version: 'v',
    entries: [{ ...entry, ...changes }],
  });

  it('names the file and every problem', () => {
    expect(() => parsePriceCatalogue('{', { origin: 'prices.json' })).toThrow(
      /prices\.json is not valid JSON/,
    );
    expect(() => PriceCatalogue.create(withEntry({ unitPrice: '1,000' }), { origin: 'prices.json' })).toThrow(
      /prices\.json is not a valid price file:[\s\S]*plain decimal[\s\S]*entries\[0\]\.unitPrice/,
    );
    expect(() => PriceCatalogue.create(withEntry({ unit: 'furlong' }))).toThrow(/entries\[0\]\.unit/);
    expect(() => PriceCatalogue.create(withEntry({ effectiveFrom: '1/5/25' }))).toThrow(/YYYY-MM-DD/);
    expect(() =>
      parsePriceCatalogue(JSON.stringify({ version: 'v', entries: [{ ...entry, surprise: 1 }] })),
    ).toThrow(/surprise/);
  });

  it('checks prices, tiers and dates make sense', () => {
    expect(() => PriceCatalogue.create(withEntry({ unitPrice: '-1' }))).toThrow(/cannot be negative/);
    expect(() => PriceCatalogue.create(withEntry({ unitSize: '0' }))).toThrow(/unitSize must be above 0/);
    expect(() => PriceCatalogue.create(withEntry({ unitPrice: undefined }))).toThrow(
      /give unitPrice or tiers/,
    );
    expect(() =>
      PriceCatalogue.create(withEntry({ unitPrice: undefined, tiers: [{ from: '10', unitPrice: '1' }] })),
    ).toThrow(/first tier must start from 0/);
    expect(() =>
      PriceCatalogue.create(
        withEntry({
          unitPrice: undefined,
          tiers: [
            { from: '0', unitPrice: '1' },
            { from: '0', unitPrice: '2' },
          ],
        }),
      ),
    ).toThrow(/ascending/);
    expect(() => PriceCatalogue.create(withEntry({ effectiveTo: '2026-01-01' }))).toThrow(
      /must be after effectiveFrom/,
    );
    expect(() =>
      PriceCatalogue.create(
        withEntry({ metering: { kind: 'duration', incrementSeconds: 1, minimumSeconds: 0 } }),
      ),
    ).toThrow(/needs unit second or minute or hour/);
    expect(() => PriceCatalogue.create({ version: 'v', entries: [entry, entry] })).toThrow(
      /two entries for azure\/translator\/S1/,
    );
  });

  it('lets a newer price supersede an open-ended older one', () => {
    const catalogue = PriceCatalogue.create({
      version: 'v',
      entries: [entry, { ...entry, unitPrice: '8', effectiveFrom: '2027-06-01' }],
    });
    expect(catalogue.priceAt({ ...entry, date: '2027-05-31' }).unitPrice.toString()).toBe('7.5');
    expect(catalogue.priceAt({ ...entry, date: '2027-06-01' }).unitPrice.toString()).toBe('8');
  });
});
