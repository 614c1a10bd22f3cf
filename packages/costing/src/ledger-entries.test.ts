import { describe, expect, it } from 'vitest';
import { sequentialId, testFxTable, translatorCharge } from './__fixtures__/ledger-fixtures';
import { defaultPriceCatalogue } from './default-price-catalogue';
import { assertLedgerEntry } from './ledger';
import { correctionEntry, costAtSnapshot, ledgerEntriesFor, unknownUsageEntry } from './ledger-entries';
import { priceUsage } from './price-usage';
import { summarise } from './summarise-ledger';

const context = {
  jobId: 'J-9',
  caseReference: 'OP-KESTREL',
  organisation: 'force-a',
  time: '2026-11-22T10:00:00Z',
  createId: sequentialId,
};

describe('ledgerEntriesFor', () => {
  it('snapshots the price, FX rate, catalogue version and both counts', () => {
    const line = translatorCharge(550_000, { quantitySource: 'provider-reported', jobId: 'J-2' });
    expect(line).toMatchObject({
      formatVersion: 1,
      kind: 'charge',
      jobId: 'J-2',
      caseReference: 'OP-KESTREL',
      organisation: 'force-a',
      provider: 'azure',
      service: 'translator',
      sku: 'S1',
      quantity: '550000',
      unit: 'character',
      quantitySource: 'provider-reported',
      priceUnit: 'character',
      unitSize: '1000000',
      unitPrice: '8.145',
      pricingUnitPrice: '10',
      pricingCurrency: 'USD',
      fxRate: '0.8145',
      fxRateDate: '2026-11-01',
      fxRateSource: 'test rate',
      cost: '4.47975',
      currency: 'GBP',
      priceEntryId: 'azure/translator/S1@2026-11-01',
      catalogueVersion: 'toex-2026-11',
      priceConfidence: 'secondary',
      time: '2026-11-22T10:15:00.000Z',
    });
    expect(() => assertLedgerEntry(line)).not.toThrow();
  });

  it('writes one line per tier, keeping both counts on the first', () => {
    const entry = defaultPriceCatalogue().priceAt({
      provider: 'azure',
      service: 'language',
      sku: 'text-records',
      date: '2026-11-22',
    });
    const priced = priceUsage({ entry, quantity: 200_000, usedThisMonth: 400_000, currency: 'USD' });
    const lines = ledgerEntriesFor(priced, {
      ...context,
      quantitySource: 'client-count',
      clientQuantity: 200_000,
      reportedQuantity: 200_001,
    });
    expect(
      lines.map((line) => [
        line.tier,
        line.quantity,
        line.unitPrice,
        line.cost,
        line.clientQuantity,
        line.reportedQuantity,
      ]),
    ).toEqual([
      [1, '100000', '1', '100', '200000', '200001'],
      [2, '100000', '0.75', '75', undefined, undefined],
    ]);
  });
});

describe('correctionEntry', () => {
  it('adds the difference as a new line; the original is untouched', async () => {
    const original = translatorCharge(100_000, { quantitySource: 'estimate' });
    const frozen = structuredClone(original);
    const correction = correctionEntry(original, {
      quantity: 104_233,
      reason: 'Azure invoice 2026-11',
      time: '2026-12-03T09:00:00Z',
    });
    expect(original).toEqual(frozen);
    expect(correction).toMatchObject({
      kind: 'correction',
      corrects: original.id,
      reason: 'Azure invoice 2026-11',
      quantity: '4233',
      quantitySource: 'provider-invoice',
      cost: '0.034477785',
      time: '2026-12-03T09:00:00.000Z',
    });
    expect(correction.id).not.toBe(original.id);
    const [row] = await summarise([original, correction], 'case');
    expect(row?.cost.amount.equals(costAtSnapshot(original, 104_233))).toBe(true);
    expect(row?.quantities.character?.toString()).toBe('104233');
    expect(row?.corrections).toBe(1);
  });

  it('can reverse a line entirely, or set the cost from an invoice', () => {
    const original = translatorCharge(1_000_000);
    expect(correctionEntry(original, { quantity: 0, reason: 'duplicate' })).toMatchObject({
      quantity: '-1000000',
      cost: '-8.145',
    });
    expect(correctionEntry(original, { quantity: 1_000_000, cost: '8.00', reason: 'credit note' }).cost).toBe(
      '-0.145',
    );
  });

  it('settles unknown usage, so reports stop calling the total a lower bound', async () => {
    const entry = defaultPriceCatalogue().priceAt({
      provider: 'azure',
      service: 'speech',
      sku: 'batch',
      date: '2026-11-22',
    });
    const unknown = unknownUsageEntry({
      entry,
      ...context,
      unit: 'second',
      currency: 'GBP',
      fxTable: testFxTable,
    });
    expect(unknown).toMatchObject({
      quantity: null,
      cost: null,
      quantitySource: 'unknown',
      unitPrice: '0.14661',
    });
    expect(() => assertLedgerEntry(unknown)).not.toThrow();
    const before = await summarise([unknown], 'case');
    expect([before[0]?.unknownCostEntries, before[0]?.cost.toString()]).toEqual([1, '0.00 GBP']);
    const settled = correctionEntry(unknown, {
      quantity: 3600,
      quantitySource: 'provider-reported',
      reason: 'duration from the batch report',
    });
    expect([settled.quantity, settled.cost]).toEqual(['3600', '0.14661']);
    const after = await summarise([unknown, settled], 'case');
    expect([after[0]?.unknownCostEntries, after[0]?.cost.toString()]).toEqual([0, '0.14661 GBP']);
  });
});
