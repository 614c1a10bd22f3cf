import { ConfigurationError } from '@toex/core';
import { describe, expect, it } from 'vitest';
import { currencyMinorUnits, Money } from './money';

describe('Money', () => {
  it('rounds once, at presentation, with the mode asked for', () => {
    const cost = Money.of('4.47975', 'GBP');
    expect(cost.format()).toBe('£4.48');
    expect(Money.of('1897.785', 'GBP').format({ rounding: 'half-even' })).toBe('£1,897.78');
    expect(Money.of('1897.785', 'GBP').format({ rounding: 'half-up' })).toBe('£1,897.79');
    expect(cost.toString()).toBe('4.47975 GBP');
    expect(cost.round({ rounding: 'half-even' }).toString()).toBe('4.48 GBP');
    expect(cost.round({ rounding: 'down', places: 3 }).toString()).toBe('4.479 GBP');
  });

  it('uses the currency minor units by default', () => {
    expect(currencyMinorUnits('GBP')).toBe(2);
    expect(currencyMinorUnits('JPY')).toBe(0);
    expect(Money.of('1234.5', 'JPY').format({ locale: 'en-GB' })).toBe('JP¥1,234');
    expect(Money.of('5', 'GBP').toDecimalString()).toBe('5.00');
    expect(Money.of('-0.5', 'GBP').format()).toBe('-£0.50');
  });

  it('formats very large amounts without floating-point loss', () => {
    expect(Money.of('12345678901234567.125', 'GBP').format()).toBe('£12,345,678,901,234,567.12');
  });

  it('refuses to add different currencies', () => {
    expect(() => Money.of('1', 'GBP').add(Money.of('1', 'USD'))).toThrow(ConfigurationError);
    expect(() => Money.of('1', 'GBP').compare(Money.of('1', 'EUR'))).toThrow(/Convert with an FX rate/);
    expect(Money.of('1', 'GBP').equals(Money.of('1', 'USD'))).toBe(false);
  });

  it('refuses codes that are not ISO 4217 shaped', () => {
    expect(() => Money.of('1', 'gbp')).toThrow(/not an ISO 4217 currency code/);
    expect(() => Money.of('1', '£')).toThrow(ConfigurationError);
  });

  it('adds, subtracts and multiplies exactly', () => {
    const sum = Money.sum([Money.of('0.1', 'GBP'), Money.of('0.2', 'GBP')], 'GBP');
    expect(sum.equals(Money.of('0.3', 'GBP'))).toBe(true);
    expect(sum.subtract(Money.of('0.3', 'GBP')).isZero()).toBe(true);
    expect(Money.of('8.145', 'GBP').multiply('0.55').toJSON()).toEqual({
      amount: '4.47975',
      currency: 'GBP',
    });
  });
});
