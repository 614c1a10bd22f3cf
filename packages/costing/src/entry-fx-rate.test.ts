import { describe, expect, it } from 'vitest';
import { defaultPriceCatalogue } from './default-price-catalogue';
import { FxTable } from './fx-table';
import { unknownUsageEntry } from './ledger-entries';
import { priceUsage } from './price-usage';

const catalogue = defaultPriceCatalogue();
const date = '2026-11-22';
const apertium = catalogue.priceAt({ provider: 'apertium', service: 'apy', sku: 'self-hosted', date });
const azure = catalogue.priceAt({ provider: 'azure', service: 'translator', sku: 'S1', date });

describe('pricing in another currency', () => {
  it('prices a free engine in any currency without an exchange rate', () => {
    for (const currency of ['GBP', 'USD', 'EUR']) {
      const priced = priceUsage({ entry: apertium, quantity: 1_000_000, currency, date });
      expect([priced.cost.amount.isZero(), priced.cost.currency]).toEqual([true, currency]);
    }
    const priced = priceUsage({ entry: apertium, quantity: 5, currency: 'EUR', date });
    expect(priced.fxRate.source).toBe('not needed: the price is zero');
    expect(priced.assumptions.join(' ')).not.toMatch(/Converted/);
  });

  it('still uses a given rate for a free engine when there is one', () => {
    const fxTable = FxTable.create([
      { from: apertium.currency, to: 'EUR', rate: '1.2', date: '2026-11-01', source: 'finance' },
    ]);
    const priced = priceUsage({ entry: apertium, quantity: 5, currency: 'EUR', fxTable, date });
    expect(priced.fxRate.source).toBe('finance');
  });

  it('needs a rate for a paid price, and says which flag gives it', () => {
    expect(() => priceUsage({ entry: azure, quantity: 0, currency: 'GBP', date })).toThrow(
      /No USD→GBP exchange rate.*--fx USD:GBP=/,
    );
  });

  it('writes a ledger line of unknown usage for a free engine without a rate', () => {
    const line = unknownUsageEntry({
      entry: apertium,
      currency: 'EUR',
      jobId: 'job-1',
      organisation: 'Force A',
      time: '2026-11-22T10:00:00Z',
    });
    expect(line.unitPrice).toBe('0');
    expect(line.fxRateSource).toBe('not needed: the price is zero');
  });
});
