import { describe, expect, it } from 'vitest';
import { defaultPriceCatalogue } from './default-price-catalogue';
import { estimateCost } from './estimate-cost';
import { FxTable } from './fx-table';
import { priceUsage } from './price-usage';

const fxTable = FxTable.create([
  { from: 'USD', to: 'GBP', rate: '0.8145', date: '2026-11-01', source: 'test rate' },
]);
const catalogue = defaultPriceCatalogue();
const date = '2026-11-22';
const s1 = catalogue.priceAt({ provider: 'azure', service: 'translator', sku: 'S1', date });

describe('estimateCost: the public figures', () => {
  it('prices 550,000 characters at $10 per million and USD→GBP 0.8145 at £4.48', () => {
    const estimate = estimateCost({ entry: s1, quantity: 550_000, currency: 'GBP', fxTable, date });
    expect(estimate.cost.high.toString()).toBe('4.47975 GBP');
    expect(estimate.cost.high.format()).toBe('£4.48');
    expect(estimate.cost.low.equals(estimate.cost.high)).toBe(true);
    expect(estimate.quantity.low.toString()).toBe('550000');
    expect(estimate.unit).toBe('character');
    expect(estimate.unitPrice.toString()).toBe('8.145');
    expect(estimate.unitSize.toString()).toBe('1000000');
    expect([estimate.pricingUnitPrice.toString(), estimate.pricingCurrency]).toEqual(['10', 'USD']);
    expect(estimate.currency).toBe('GBP');
    expect([estimate.fxRate.rate.toString(), estimate.fxRate.date, estimate.fxRate.source]).toEqual([
      '0.8145',
      '2026-11-01',
      'test rate',
    ]);
    expect(estimate.priceEntryId).toBe('azure/translator/S1@2026-11-01');
    expect(estimate.catalogueVersion).toBe('toex-2026-11');
    expect(estimate.assumptions).toContain(
      'Converted from USD at USD→GBP 0.8145 (rate of 2026-11-01; test rate).',
    );
    expect(estimate.detail.high.exact).toBe(true);
  });

  it('prices 233 million characters at about £1,890 (exactly £1,897.785 before rounding)', () => {
    const cost = estimateCost({ entry: s1, quantity: 233_000_000, currency: 'GBP', fxTable, date }).cost.high;
    expect(cost.toString()).toBe('1897.785 GBP');
    expect(cost.format({ rounding: 'half-even' })).toBe('£1,897.78');
    expect(cost.format({ rounding: 'half-up' })).toBe('£1,897.79');
    expect(Math.abs(cost.amount.toNumber() - 1890) / 1890).toBeLessThan(0.005);
  });

  it('gives a range when the quantity is itself estimated', () => {
    const estimate = estimateCost({
      entry: s1,
      quantity: { low: 500_000, high: 600_000 },
      currency: 'GBP',
      fxTable,
      date,
      assumptions: ['Characters extrapolated from a 10% sample.'],
    });
    expect([estimate.cost.low.toString(), estimate.cost.high.toString()]).toEqual([
      '4.0725 GBP',
      '4.887 GBP',
    ]);
    expect(estimate.assumptions[0]).toBe('Characters extrapolated from a 10% sample.');
    expect(estimate.assumptions).toContain(
      'The quantity is itself estimated: between 500000 and 600000 characters.',
    );
    expect(() =>
      estimateCost({ entry: s1, quantity: { low: 2, high: 1 }, currency: 'GBP', fxTable, date }),
    ).toThrow(/low quantity \(2\) is above the high \(1\)/);
  });

  it('needs a dated rate to change currency, and none to stay in USD', () => {
    expect(() => estimateCost({ entry: s1, quantity: 1, currency: 'GBP', date })).toThrow(
      /No USD→GBP exchange rate/,
    );
    const usd = estimateCost({ entry: s1, quantity: 550_000, currency: 'USD', date });
    expect(usd.cost.high.toString()).toBe('5.50 USD');
    expect(usd.fxRate.rate.toString()).toBe('1');
  });
});

describe('estimateCost: tiers', () => {
  const language = catalogue.priceAt({ provider: 'azure', service: 'language', sku: 'text-records', date });

  it('splits usage across a tier boundary', () => {
    // 400K records already used this month; 200K more: 100K at $1.00/1K and 100K at $0.75/1K.
    const estimate = estimateCost({
      entry: language,
      quantity: 200_000,
      usedThisMonth: 400_000,
      currency: 'USD',
      date,
    });
    expect(estimate.cost.high.toString()).toBe('175.00 USD');
    expect(
      estimate.detail.high.lines.map((line) => [
        line.tier,
        line.quantity.toString(),
        line.unitPrice.toString(),
        line.cost.toString(),
      ]),
    ).toEqual([
      [1, '100000', '1', '100'],
      [2, '100000', '0.75', '75'],
    ]);
    expect(estimate.unitPrice.toString()).toBe('1');
  });

  it('prices ten million records a month across three tiers', () => {
    const priced = priceUsage({ entry: language, quantity: 10_000_000, currency: 'USD', date });
    // 500K × $1 + 2M × $0.75 + 7.5M × $0.30 per thousand.
    expect(priced.lines.map((line) => line.cost.toString())).toEqual(['500', '1500', '2250']);
    expect(priced.cost.toString()).toBe('4250.00 USD');
    expect(priced.assumptions[0]).toMatch(/Assumes no earlier text-record usage this month/);
  });

  it('uses the tier the month has reached for a zero quantity', () => {
    const priced = priceUsage({
      entry: language,
      quantity: 0,
      usedThisMonth: 3_000_000,
      currency: 'USD',
      date,
    });
    expect(priced.lines).toHaveLength(1);
    expect([priced.lines[0]?.tier, priced.lines[0]?.unitPrice.toString()]).toEqual([3, '0.3']);
  });

  it('converts tier prices to the billing currency', () => {
    const estimate = estimateCost({
      entry: language,
      quantity: 1000,
      currency: 'GBP',
      fxTable,
      date,
      usedThisMonth: 0,
    });
    expect(estimate.cost.high.toString()).toBe('0.8145 GBP');
    expect(estimate.assumptions.some((text) => text.includes('first tier'))).toBe(false);
  });
});

describe('estimateCost: durations', () => {
  it('converts seconds to an hourly price exactly where it can', () => {
    const batch = catalogue.priceAt({ provider: 'azure', service: 'speech', sku: 'batch', date });
    const priced = priceUsage({ entry: batch, quantity: 3725, unit: 'second', currency: 'USD', date });
    expect(priced.cost.toString()).toBe('0.18625 USD');
    expect(priced.exact).toBe(true);
  });

  it('rounds half-even at 12 places where the division does not terminate, and says so', () => {
    const realTime = catalogue.priceAt({ provider: 'azure', service: 'speech', sku: 'real-time', date });
    const estimate = estimateCost({ entry: realTime, quantity: 3725, unit: 'second', currency: 'USD', date });
    expect(estimate.cost.high.toString()).toBe('1.034722222222 USD');
    expect(estimate.detail.high.lines[0]?.pricingQuantity.toString()).toBe('1.034722222222');
    expect(estimate.assumptions.join(' ')).toMatch(/rounded half-even at 12 decimal places/);
    expect(estimate.assumptions.join(' ')).toMatch(
      /azure\/speech\/real-time@2025-07-01 price is UNCONFIRMED/,
    );
  });

  it('prices Video Indexer per input minute from seconds', () => {
    const basic = catalogue.priceAt({
      provider: 'azure',
      service: 'video-indexer',
      sku: 'basic-audio',
      date,
    });
    expect(
      priceUsage({ entry: basic, quantity: 90, unit: 'second', currency: 'USD', date }).cost.toString(),
    ).toBe('0.0189 USD');
  });

  it('refuses units that cannot be converted', () => {
    expect(() => estimateCost({ entry: s1, quantity: 1, unit: 'hour', currency: 'USD', date })).toThrow(
      /priced per character; a quantity in hour cannot be converted/,
    );
  });
});
