import { InputError } from '@toex/core';
import { describe, expect, it } from 'vitest';
import { csvRecords, sequentialId, testFxTable, translatorCharge } from './__fixtures__/ledger-fixtures';
import { Decimal } from './decimal';
import { defaultPriceCatalogue } from './default-price-catalogue';
import { type FocusExportOptions, focusColumns, focusCsvLines, toFocusCsv } from './focus-export';
import { correctionEntry, ledgerEntriesFor, unknownUsageEntry } from './ledger-entries';
import { createMemoryLedger } from './memory-ledger';
import { priceUsage } from './price-usage';
import { summarise } from './summarise-ledger';

const options: FocusExportOptions = {
  invoiceIssuerName: 'National Translation Shared Service',
  organisationNames: { 'force-a': 'Anyshire Constabulary' },
};

describe('toFocusCsv', () => {
  it('maps a ledger line onto FOCUS columns', () => {
    const [row] = csvRecords(
      toFocusCsv([translatorCharge(550_000)], { ...options, invoiceIdFor: () => 'INV-2026-11-A' }),
    );
    expect(row).toMatchObject({
      BilledCost: '4.47975',
      EffectiveCost: '4.47975',
      ListCost: '4.47975',
      ContractedCost: '4.47975',
      ListUnitPrice: '8.145',
      BillingCurrency: 'GBP',
      PricingCurrency: 'USD',
      PricingCurrencyListUnitPrice: '10',
      PricingCurrencyEffectiveCost: '5.5',
      PricingQuantity: '0.55',
      PricingUnit: '1000000 Characters',
      ConsumedQuantity: '550000',
      ConsumedUnit: 'Characters',
      ChargePeriodStart: '2026-11-22T00:00:00Z',
      ChargePeriodEnd: '2026-11-23T00:00:00Z',
      BillingPeriodStart: '2026-11-01T00:00:00Z',
      BillingPeriodEnd: '2026-12-01T00:00:00Z',
      BillingAccountId: 'force-a',
      BillingAccountName: 'Anyshire Constabulary',
      SubAccountId: 'OP-KESTREL',
      SubAccountName: 'OP-KESTREL',
      SubAccountType: 'Case',
      InvoiceId: 'INV-2026-11-A',
      InvoiceIssuerName: 'National Translation Shared Service',
      ServiceProviderName: 'Microsoft',
      HostProviderName: 'Microsoft',
      ServiceName: 'Azure AI Translator',
      ServiceCategory: 'AI and Machine Learning',
      ServiceSubcategory: 'Natural Language Processing',
      SkuId: 'azure/translator/S1',
      SkuPriceId: 'azure/translator/S1@2026-11-01',
      ChargeCategory: 'Usage',
      ChargeClass: '',
      ChargeFrequency: 'Usage-Based',
      PricingCategory: 'Standard',
      Tags: '{"job":"J-1","case":"OP-KESTREL"}',
      x_ChargeTime: '2026-11-22T10:15:00Z',
      x_JobId: 'J-1',
      x_QuantitySource: 'client-count',
      x_PriceCatalogVersion: 'toex-2026-11',
      x_FxRate: '0.8145',
      x_FxRateDate: '2026-11-01',
    });
  });

  it('puts custom columns after the FOCUS columns and keeps numbers plain', () => {
    const text = toFocusCsv([translatorCharge(233_000_000)], options);
    const header = text.slice(0, text.indexOf('\n')).split(',');
    expect(header).toEqual([...focusColumns]);
    const firstCustom = header.findIndex((column) => column.startsWith('x_'));
    expect(header.slice(firstCustom).every((column) => column.startsWith('x_'))).toBe(true);
    const [row] = csvRecords(text);
    for (const column of ['BilledCost', 'ListUnitPrice', 'PricingQuantity', 'ConsumedQuantity']) {
      expect(row?.[column]).toMatch(/^-?\d+(\.\d+)?$/);
    }
    expect(row?.BilledCost).toBe('1897.785');
  });

  it('prices audio in hours from seconds, and marks corrections', () => {
    const entry = defaultPriceCatalogue().priceAt({
      provider: 'azure',
      service: 'speech',
      sku: 'batch',
      date: '2026-11-22',
    });
    const [line] = ledgerEntriesFor(
      priceUsage({
        entry,
        quantity: 3725,
        unit: 'second',
        currency: 'GBP',
        fxTable: testFxTable,
        date: '2026-11-22',
      }),
      {
        jobId: 'J-3',
        organisation: 'force-a',
        quantitySource: 'provider-reported',
        createId: sequentialId,
        time: '2026-11-22T08:00:00Z',
      },
    );
    const correction = correctionEntry(line!, {
      quantity: 3600,
      reason: 'invoice',
      time: '2026-12-02T00:00:00Z',
    });
    const [charge, corrected] = csvRecords(toFocusCsv([line!, correction], options));
    expect(charge).toMatchObject({
      PricingQuantity: '1.034722222222',
      PricingUnit: 'Hours',
      ConsumedQuantity: '3725',
      ConsumedUnit: 'Seconds',
      BilledCost: '0.151700625', // $0.18625 × 0.8145
      ServiceName: 'Azure AI Speech',
      ServiceSubcategory: 'Other (AI and Machine Learning)',
      SubAccountId: '',
      x_PriceConfidence: 'unconfirmed',
    });
    expect(corrected).toMatchObject({
      ChargeClass: 'Correction',
      ConsumedQuantity: '-125',
      x_CorrectsEntryId: line!.id,
      x_CorrectionReason: 'invoice',
    });
  });

  it('sums BilledCost to the ledger total, so the export reconciles', async () => {
    const lines = [translatorCharge(1), translatorCharge(333_333), translatorCharge(1_000_001)];
    const total = csvRecords(toFocusCsv(lines, options)).reduce(
      (sum, row) => sum.add(row.BilledCost!),
      Decimal.zero,
    );
    const [summary] = await summarise(lines, 'organisation');
    expect(total.equals(summary!.cost.amount)).toBe(true);
  });

  it('refuses unknown usage until settled, or skips it when asked', async () => {
    const entry = defaultPriceCatalogue().priceAt({
      provider: 'azure',
      service: 'speech',
      sku: 'batch',
      date: '2026-11-22',
    });
    const unknown = unknownUsageEntry({
      entry,
      jobId: 'J-4',
      organisation: 'force-a',
      currency: 'GBP',
      fxTable: testFxTable,
      unit: 'second',
      time: '2026-11-22T00:00:00Z',
      createId: sequentialId,
    });
    const known = translatorCharge(10);
    let error: unknown;
    try {
      toFocusCsv([known, unknown], options);
    } catch (caught) {
      error = caught;
    }
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/has unknown usage, and a FOCUS row needs a cost/);
    expect(csvRecords(toFocusCsv([known, unknown], { ...options, unknownCost: 'skip' }))).toHaveLength(1);
    const settled = correctionEntry(unknown, { quantity: 60, reason: 'batch report' });
    const rows = csvRecords(toFocusCsv([known, unknown, settled], options));
    expect(rows.map((row) => row.x_EntryId)).toEqual([known.id, settled.id]);
  });

  it('streams from a ledger in two passes', async () => {
    const lines = [translatorCharge(5), translatorCharge(6)];
    let streamed = '';
    for await (const chunk of focusCsvLines(createMemoryLedger(lines), options)) streamed += chunk;
    expect(streamed).toBe(toFocusCsv(lines, options));
  });
});
