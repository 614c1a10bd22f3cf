import { BudgetExceededError, ConfigurationError } from '@toex/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testFxTable, translatorCharge } from './__fixtures__/ledger-fixtures';
import { type BudgetThresholdEvent, createBudget } from './budget';
import { Decimal } from './decimal';
import { defaultPriceCatalogue } from './default-price-catalogue';
import { estimateCost } from './estimate-cost';
import { createMemoryLedger } from './memory-ledger';
import { meterTextTranslation } from './meter-text-translation';
import { Money } from './money';

function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('Budget', () => {
  it('refuses, before sending, the request that would cross the job cap', async () => {
    const entry = defaultPriceCatalogue().priceAt({
      provider: 'azure',
      service: 'translator',
      sku: 'S1',
      date: '2026-11-22',
    });
    const billing = { characterCounting: 'utf16', billedPerTarget: true } as const;
    const budget = await createBudget({ currency: 'GBP', job: { id: 'J-1', limit: '1.00' } });
    const sent: number[] = [];
    // Each request: 40,000 characters to 1 target = £0.3258.
    const requests = Array.from({ length: 5 }, (_, index) => ({ index, texts: ['x'.repeat(40_000)] }));
    let refusal: unknown;
    for (const request of requests) {
      const metered = meterTextTranslation({ texts: request.texts, targetCount: 1, billing });
      const estimate = estimateCost({
        entry,
        quantity: metered.billedCharacters,
        currency: 'GBP',
        fxTable: testFxTable,
        date: '2026-11-22',
      });
      try {
        const reservation = budget.reserve(estimate.cost.high);
        sent.push(request.index); // the provider call would happen here
        reservation.commit(estimate.cost.high);
      } catch (error) {
        refusal = error;
        break;
      }
    }
    expect(sent).toEqual([0, 1, 2]);
    expect(BudgetExceededError.isInstance(refusal)).toBe(true);
    const error = refusal as BudgetExceededError;
    expect([error.scope, error.limit, error.committed, error.requested, error.currency]).toEqual([
      'job',
      '1.00',
      '0.9774',
      '0.3258',
      'GBP',
    ]);
    expect(error.message).toMatch(/job "J-1" budget of 1.00 GBP would be exceeded/);
    expect(budget.totals()[0]?.spent.toString()).toBe('0.9774 GBP');
  });

  it('counts reservations not yet settled, and frees them on release', async () => {
    const budget = await createBudget({ currency: 'GBP', job: { id: 'J-1', limit: '10' } });
    const first = budget.reserve('6');
    expect(() => budget.reserve('5')).toThrow(BudgetExceededError);
    expect((caught(() => budget.reserve('5')) as BudgetExceededError).committed).toBe('6.00');
    first.release();
    expect(first.state).toBe('released');
    const second = budget.reserve('10');
    expect(budget.totals()[0]?.remaining.toString()).toBe('0.00 GBP');
    second.commit('9.5');
    expect(budget.totals()[0]).toMatchObject({
      spent: Money.of('9.5', 'GBP'),
      reserved: Money.of('0', 'GBP'),
    });
    expect(() => budget.reserve('0.51')).toThrow(BudgetExceededError);
    expect(budget.reserve('0.5').amount.toString()).toBe('0.50 GBP');
  });

  it('records an actual cost above the hold, because it has been spent', async () => {
    const budget = await createBudget({ currency: 'GBP', job: { id: 'J-1', limit: '1' } });
    budget.reserve('0.5').commit('1.2');
    expect(budget.totals()[0]?.remaining.toString()).toBe('-0.20 GBP');
    // Once over the cap, even a free request is refused: the job must stop.
    expect(() => budget.reserve('0')).toThrow(BudgetExceededError);
  });

  it('settles a reservation only once', async () => {
    const budget = await createBudget({ currency: 'GBP', job: { id: 'J-1', limit: '1' } });
    const reservation = budget.reserve('0.5');
    reservation.commit();
    expect(() => reservation.release()).toThrow(/already committed/);
    expect(() => reservation.commit()).toThrow(/already committed/);
  });

  it('raises each soft threshold once, on spending rather than holding', async () => {
    const events: BudgetThresholdEvent[] = [];
    const budget = await createBudget({
      currency: 'GBP',
      job: { id: 'J-1', limit: '100' },
      onThreshold: (event) => events.push(event),
    });
    const held = budget.reserve('90');
    expect(events).toEqual([]);
    held.release();
    budget.reserve('49').commit();
    expect(events).toEqual([]);
    budget.reserve('40').commit();
    expect(events.map((event) => [event.scope, event.threshold, event.spent.toString()])).toEqual([
      ['job', 0.5, '89.00 GBP'],
      ['job', 0.8, '89.00 GBP'],
    ]);
    budget.reserve('11').commit();
    budget.reserve('0').commit();
    expect(events.map((event) => event.threshold)).toEqual([0.5, 0.8, 1]);
  });

  it('enforces case and organisation caps from spending already in the ledger', async () => {
    const ledger = createMemoryLedger([
      translatorCharge(10_000_000, { jobId: 'J-0' }), // £81.45 to OP-KESTREL, force-a
      translatorCharge(1_000_000, { jobId: 'J-0', caseReference: 'OP-OTHER' }), // £8.145, force-a
      translatorCharge(5_000_000, { jobId: 'J-0', caseReference: 'OP-OLD', time: '2026-10-31T23:59:59Z' }),
    ]);
    const events: BudgetThresholdEvent[] = [];
    const budget = await createBudget({
      currency: 'GBP',
      job: { id: 'J-2', limit: '50' },
      case: { reference: 'OP-KESTREL', limit: '100' },
      organisation: { id: 'force-a', limit: '95', from: '2026-11-01', to: '2026-12-01' },
      ledger,
      onThreshold: (event) => events.push(event),
    });
    expect(budget.totals().map((cap) => [cap.scope, cap.spent.toString()])).toEqual([
      ['job', '0.00 GBP'],
      ['case', '81.45 GBP'],
      ['organisation', '89.595 GBP'],
    ]);
    expect(events.map((event) => `${event.scope}:${event.threshold}`)).toEqual([
      'case:0.5',
      'case:0.8',
      'organisation:0.5',
      'organisation:0.8',
    ]);
    const organisationRefusal = caught(() => budget.reserve('6')) as BudgetExceededError;
    expect([organisationRefusal.scope, organisationRefusal.limit]).toEqual(['organisation', '95.00']);
    expect(organisationRefusal.message).toMatch(/organisation "force-a"/);
    expect(() => budget.reserve('5')).not.toThrow();
  });

  it('counts a resumed job’s earlier lines against its cap', async () => {
    const ledger = createMemoryLedger([translatorCharge(1_000_000, { jobId: 'J-1' })]);
    const budget = await createBudget({ currency: 'GBP', job: { id: 'J-1', limit: '10' }, ledger });
    expect(budget.totals()[0]?.spent.toString()).toBe('8.145 GBP');
    expect(() => budget.reserve('2')).toThrow(BudgetExceededError);
  });

  it('refuses caps it cannot check and amounts in another currency', async () => {
    await expect(
      createBudget({ currency: 'GBP', job: { id: 'J', limit: '1' }, case: { reference: 'C', limit: '1' } }),
    ).rejects.toThrow(ConfigurationError);
    const budget = await createBudget({ currency: 'GBP', job: { id: 'J', limit: '1' } });
    expect(() => budget.reserve(Money.of('0.1', 'USD'))).toThrow(/budget is in GBP but the amount is in USD/);
    expect(() => budget.reserve('-1')).toThrow(/cannot be negative/);
    const usdLedger = createMemoryLedger([{ ...translatorCharge(1), currency: 'USD' }]);
    await expect(
      createBudget({ currency: 'GBP', job: { id: 'J-1', limit: '1' }, ledger: usdLedger }),
    ).rejects.toThrow(/is in USD, but the budget is in GBP/);
  });

  it('never lets spent plus held exceed the cap, whatever the order of requests', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.constantFrom('commit', 'release', 'hold')), {
          maxLength: 60,
        }),
        async (steps) => {
          const budget = await createBudget({ currency: 'GBP', job: { id: 'J', limit: '100' } });
          for (const [pence, action] of steps) {
            try {
              const reservation = budget.reserve(
                Decimal.from(pence).divide(100, { scale: 2, rounding: 'down' }),
              );
              if (action === 'commit') reservation.commit();
              if (action === 'release') reservation.release();
            } catch (error) {
              if (!BudgetExceededError.isInstance(error)) throw error;
            }
            const [job] = budget.totals();
            expect(job!.spent.add(job!.reserved).amount.lessThanOrEqual(100)).toBe(true);
          }
        },
      ),
    );
  });
});
