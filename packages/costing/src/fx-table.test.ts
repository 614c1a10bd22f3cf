import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FxTable, loadFxTable } from './fx-table';
import { Money } from './money';

const table = FxTable.create([
  { from: 'USD', to: 'GBP', rate: '0.8145', date: '2026-10-01', source: 'finance October' },
  { from: 'USD', to: 'GBP', rate: '0.7900', date: '2026-11-01', source: 'finance November' },
  { from: 'EUR', to: 'GBP', rate: '0.8571', date: '2026-11-01', source: 'finance November' },
]);

describe('FxTable', () => {
  it('uses the latest rate dated on or before the day', () => {
    expect(table.rateAt({ from: 'USD', to: 'GBP', date: '2026-10-31T23:00:00Z' }).source).toBe(
      'finance October',
    );
    expect(table.rateAt({ from: 'USD', to: 'GBP', date: '2026-11-22' }).rate.toString()).toBe('0.79');
  });

  it('converts exactly and says which rate it used', () => {
    const { money, fx } = table.convert(Money.of('5.5', 'USD'), 'GBP', '2026-10-15');
    expect(money.toString()).toBe('4.47975 GBP');
    expect([fx.rate.toString(), fx.date, fx.source]).toEqual(['0.8145', '2026-10-01', 'finance October']);
  });

  it('needs no rate for a currency into itself', () => {
    expect(FxTable.empty().rateAt({ from: 'GBP', to: 'GBP', date: '2026-11-22' })).toMatchObject({
      source: 'same currency',
      date: '2026-11-22',
    });
  });

  it('refuses to guess a missing, earlier or inverse rate', () => {
    expect(() => table.rateAt({ from: 'USD', to: 'GBP', date: '2026-09-30' })).toThrow(
      /No USD→GBP exchange rate dated on or before 2026-09-30\. The table holds: USD→GBP from 2026-10-01/,
    );
    expect(() => table.rateAt({ from: 'GBP', to: 'USD', date: '2026-11-22' })).toThrow(
      /No GBP→USD exchange rate/,
    );
    expect(() => FxTable.empty().rateAt({ from: 'USD', to: 'GBP' })).toThrow(/The rate table is empty/);
  });

  it('refuses a stale rate when a maximum age is set', () => {
    const strict = FxTable.create(
      table.rates.map((rate) => ({ ...rate, rate: rate.rate.toString() })),
      {
        maximumAgeDays: 40,
      },
    );
    expect(strict.rateAt({ from: 'USD', to: 'GBP', date: '2026-12-10' }).rate.toString()).toBe('0.79');
    expect(() => strict.rateAt({ from: 'USD', to: 'GBP', date: '2026-12-20' })).toThrow(
      /more than the 40 allowed/,
    );
  });

  it('validates rate files', async () => {
    expect(() =>
      FxTable.create([{ from: 'USD', to: 'GBP', rate: '0', date: '2026-11-01', source: 's' }]),
    ).toThrow(/must be above 0/);
    expect(() =>
      FxTable.create({ rates: [{ from: 'usd', to: 'GBP', rate: '1', date: '2026-11-01', source: 's' }] }),
    ).toThrow(/rates\[0\]\.from/);
    const directory = await mkdtemp(join(tmpdir(), 'toex-fx-'));
    const path = join(directory, 'rates.json');
    await writeFile(
      path,
      JSON.stringify({
        rates: [{ from: 'USD', to: 'GBP', rate: '0.8145', date: '2026-11-01', source: 'HMRC' }],
      }),
    );
    expect((await loadFxTable(path)).rateAt({ from: 'USD', to: 'GBP', date: '2026-11-02' }).source).toBe(
      'HMRC',
    );
    await writeFile(path, 'not json');
    await expect(loadFxTable(path)).rejects.toThrow(/cannot read the rate file as JSON/);
  });
});
