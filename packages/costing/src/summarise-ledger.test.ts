import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sequentialId, testFxTable, translatorCharge } from './__fixtures__/ledger-fixtures';
import { Decimal } from './decimal';
import { defaultPriceCatalogue } from './default-price-catalogue';
import { ledgerEntriesFor } from './ledger-entries';
import type { LedgerEntry } from './ledger-entry';
import { priceUsage } from './price-usage';
import { summarise, totalsByCurrency } from './summarise-ledger';

function* repeated(line: LedgerEntry, times: number): Generator<LedgerEntry> {
  for (let index = 0; index < times; index += 1) yield line;
}

describe('summarise', () => {
  it('sums 1,000,000 one-character lines to exactly one 1,000,000-character line', async () => {
    const one = translatorCharge(1);
    const million = translatorCharge(1_000_000);
    const [manyRow] = await summarise(repeated(one, 1_000_000), 'provider');
    const [oneRow] = await summarise([million], 'provider');
    expect(one.cost).toBe('0.000008145');
    expect(manyRow?.cost.toString()).toBe('8.145 GBP');
    expect(manyRow?.cost.equals(oneRow!.cost)).toBe(true);
    expect(manyRow?.quantities.character?.equals(oneRow!.quantities.character!)).toBe(true);
  });

  it('sums any split of the same usage to the cost of the whole (DeepL in GBP)', async () => {
    const entry = defaultPriceCatalogue().priceAt({
      provider: 'deepl',
      service: 'translator',
      sku: 'pro',
      date: '2026-11-22',
    });
    const line = (characters: number) =>
      ledgerEntriesFor(
        priceUsage({
          entry,
          quantity: characters,
          currency: 'GBP',
          fxTable: testFxTable,
          date: '2026-11-22',
        }),
        {
          jobId: 'J',
          organisation: 'force-a',
          quantitySource: 'client-count',
          createId: sequentialId,
        },
      )[0]!;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 1, maxLength: 40 }),
        async (parts) => {
          const [split] = await summarise(parts.map(line), 'organisation');
          const whole = line(parts.reduce((sum, part) => sum + part, 0));
          expect(split?.cost.amount.equals(Decimal.from(whole.cost!))).toBe(true);
        },
      ),
    );
  });

  it('totals by case, organisation, provider and month, never mixing currencies', async () => {
    const lines = [
      translatorCharge(1_000_000, {
        caseReference: 'OP-A',
        organisation: 'force-a',
        time: '2026-10-30T12:00:00Z',
      }),
      translatorCharge(2_000_000, { caseReference: 'OP-A', organisation: 'force-a' }),
      translatorCharge(1_000_000, { caseReference: 'OP-B', organisation: 'force-b' }),
      { ...translatorCharge(1_000_000, { organisation: 'force-b' }), caseReference: undefined },
      { ...translatorCharge(1_000_000, { caseReference: 'OP-A' }), currency: 'EUR', cost: '9.5' },
    ].map((line) => JSON.parse(JSON.stringify(line)) as LedgerEntry);
    const byCase = await summarise(lines, 'case');
    expect(byCase.map((row) => [row.key, row.currency, row.cost.amount.toString(), row.entries])).toEqual([
      ['(no case)', 'GBP', '8.145', 1],
      ['OP-A', 'EUR', '9.5', 1],
      ['OP-A', 'GBP', '24.435', 2],
      ['OP-B', 'GBP', '8.145', 1],
    ]);
    expect(
      (await summarise(lines, 'organisation')).map((row) => [
        row.key,
        row.currency,
        row.cost.amount.toString(),
      ]),
    ).toEqual([
      ['force-a', 'EUR', '9.5'],
      ['force-a', 'GBP', '24.435'],
      ['force-b', 'GBP', '16.29'],
    ]);
    expect(
      (await summarise(lines, 'month')).map((row) => [row.key, row.currency, row.cost.amount.toString()]),
    ).toEqual([
      ['2026-10', 'GBP', '8.145'],
      ['2026-11', 'EUR', '9.5'],
      ['2026-11', 'GBP', '32.58'],
    ]);
    const totals = totalsByCurrency(await summarise(lines, 'provider'));
    expect(
      totals.map((row) => [
        row.currency,
        row.cost.amount.toString(),
        row.entries,
        row.quantities.character?.toString(),
      ]),
    ).toEqual([
      ['EUR', '9.5', 1, '1000000'],
      ['GBP', '40.725', 4, '5000000'],
    ]);
  });

  it('counts estimated lines so a report can say how firm its total is', async () => {
    const [row] = await summarise(
      [
        translatorCharge(10, { quantitySource: 'estimate' }),
        translatorCharge(10, { quantitySource: 'provider-reported' }),
      ],
      'job',
    );
    expect([row?.key, row?.estimatedEntries, row?.entries]).toEqual(['J-1', 1, 2]);
  });
});
