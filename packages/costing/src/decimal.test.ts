import { ToexError } from '@toex/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, type RoundingMode } from './decimal';

const d = (text: string) => Decimal.parse(text);

describe('Decimal parsing and printing', () => {
  it.each([
    ['10', '10'],
    ['-0.00001', '-0.00001'],
    ['1.50', '1.5'],
    ['0000.100', '0.1'],
    ['1.5e-7', '0.00000015'],
    ['1e3', '1000'],
    ['+2.5', '2.5'],
    ['-0', '0'],
  ])('reads %s as %s', (input, printed) => {
    expect(d(input).toString()).toBe(printed);
  });

  it.each(['1,000', '£5', '', '1.', '.5', 'abc', '1e', '--1', 'NaN'])('refuses %j', (input) => {
    expect(() => d(input)).toThrow(/is not a decimal number/);
    try {
      d(input);
    } catch (error) {
      expect(ToexError.isInstance(error) && error.code).toBe('invalid_decimal');
    }
  });

  it('reads numbers through their shortest text, so 0.1 is exactly one tenth', () => {
    expect(Decimal.from(0.1).add(Decimal.from(0.2)).toString()).toBe('0.3');
    expect(Decimal.from(1e21).toString()).toBe('1000000000000000000000');
    expect(Decimal.from(10n).toString()).toBe('10');
    expect(() => Decimal.from(Number.NaN)).toThrow(/not a finite number/);
    expect(() => Decimal.from(Number.POSITIVE_INFINITY)).toThrow(/not a finite number/);
  });

  it('pads to a minimum number of places without rounding', () => {
    expect(d('5').toString(2)).toBe('5.00');
    expect(d('4.47975').toString(2)).toBe('4.47975');
    expect(d('-0.5').toString(3)).toBe('-0.500');
    expect(JSON.stringify({ cost: d('4.47975') })).toBe('{"cost":"4.47975"}');
  });
});

describe('Decimal arithmetic', () => {
  it('prices characters at $10 per million without drift', () => {
    const perCharacter = d('10').divide(1_000_000, { scale: 12, rounding: 'half-even' });
    expect(perCharacter.toString()).toBe('0.00001');
    expect(perCharacter.multiply(550_000).toString()).toBe('5.5');
    let total = Decimal.zero;
    for (let index = 0; index < 100_000; index += 1) total = total.add(perCharacter);
    expect(total.toString()).toBe('1');
  });

  it('compares by value, not by representation', () => {
    expect(d('1.50').equals('1.5')).toBe(true);
    expect(d('-2').compare('1')).toBe(-1);
    expect(d('0.1').greaterThan('0.09')).toBe(true);
    expect(Decimal.max('3', '-4').toString()).toBe('3');
    expect(Decimal.min('3', '-4').toString()).toBe('-4');
    expect(Decimal.sum(['0.1', '0.2', '-0.3']).isZero()).toBe(true);
  });

  it('refuses to divide by zero', () => {
    expect(() => d('1').divide(0, { scale: 2, rounding: 'half-even' })).toThrow(/divide 1 by zero/);
  });

  it('says whether a quotient terminated', () => {
    expect(d('3725').divideWithin(3600, { maximumScale: 12, rounding: 'half-even' })).toEqual({
      quotient: d('1.034722222222'),
      exact: false,
    });
    const exact = d('670.5').divideWithin(3600, { maximumScale: 12, rounding: 'half-even' });
    expect(exact.exact).toBe(true);
    expect(exact.quotient.toString()).toBe('0.18625');
  });
});

describe('Decimal rounding', () => {
  const cases: Array<[string, RoundingMode, string]> = [
    ['0.125', 'half-even', '0.12'],
    ['0.135', 'half-even', '0.14'],
    ['0.125', 'half-up', '0.13'],
    ['-0.125', 'half-up', '-0.13'],
    ['0.125', 'half-down', '0.12'],
    ['0.1251', 'half-down', '0.13'],
    ['0.121', 'up', '0.13'],
    ['-0.121', 'up', '-0.13'],
    ['0.129', 'down', '0.12'],
    ['-0.121', 'ceiling', '-0.12'],
    ['-0.121', 'floor', '-0.13'],
    ['0.121', 'ceiling', '0.13'],
    ['4.47975', 'half-even', '4.48'],
    ['1897.785', 'half-even', '1897.78'],
    ['1897.785', 'half-up', '1897.79'],
  ];
  it.each(cases)('rounds %s %s to %s', (value, mode, expected) => {
    expect(d(value).toFixed(2, mode)).toBe(expected);
  });

  it('rounds ties to even at whole numbers', () => {
    expect(['0.5', '1.5', '2.5', '-2.5'].map((value) => d(value).toFixed(0, 'half-even'))).toEqual([
      '0',
      '2',
      '2',
      '-2',
    ]);
  });

  it('leaves values with fewer places untouched', () => {
    expect(d('4.5').round(2, 'up').toString()).toBe('4.5');
    expect(d('4.5').toFixed(2, 'up')).toBe('4.50');
  });
});

describe('Decimal properties', () => {
  const decimal = fc
    .tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 20 }))
    .map(([units, scale]) => Decimal.parse(`${units}e-${scale}`));

  it('prints and reads back to the same value', () => {
    fc.assert(fc.property(decimal, (value) => Decimal.parse(value.toString()).equals(value)));
  });

  it('adds and multiplies exactly (ring laws hold with no tolerance)', () => {
    fc.assert(
      fc.property(decimal, decimal, decimal, (a, b, c) => {
        expect(a.add(b).subtract(b).equals(a)).toBe(true);
        expect(a.add(b).equals(b.add(a))).toBe(true);
        expect(
          a
            .add(b)
            .add(c)
            .equals(a.add(b.add(c))),
        ).toBe(true);
        expect(a.multiply(b.add(c)).equals(a.multiply(b).add(a.multiply(c)))).toBe(true);
      }),
    );
  });

  it('divides like the exact rational, rounded as asked', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        fc.boolean(),
        fc.integer({ min: 0, max: 8 }),
        (numerator, positiveDivisor, negative, scale) => {
          const divisor = negative ? -positiveDivisor : positiveDivisor;
          const shifted = numerator * 10n ** BigInt(scale);
          // floor(shifted / divisor) with bigint, as an independent oracle.
          const truncated = shifted / divisor;
          const floor =
            shifted % divisor !== 0n && shifted < 0n !== divisor < 0n ? truncated - 1n : truncated;
          const floored = Decimal.from(numerator).divide(divisor, { scale, rounding: 'floor' });
          expect(floored.equals(Decimal.parse(`${floor}e-${scale}`))).toBe(true);
          // Nearest modes land within half a step of the true quotient.
          const nearest = Decimal.from(numerator).divide(divisor, { scale, rounding: 'half-even' });
          const error = nearest.multiply(divisor).subtract(numerator).abs().multiply(2);
          expect(
            error.lessThanOrEqual(
              Decimal.from(divisor)
                .abs()
                .multiply(Decimal.parse(`1e-${scale}`)),
            ),
          ).toBe(true);
        },
      ),
    );
  });

  it('never moves a value by more than half a step when rounding to nearest', () => {
    fc.assert(
      fc.property(
        decimal,
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom<RoundingMode>('half-even', 'half-up', 'half-down'),
        (value, places, mode) => {
          const rounded = value.round(places, mode);
          expect(rounded.scale).toBeLessThanOrEqual(places);
          expect(
            rounded
              .subtract(value)
              .abs()
              .multiply(2)
              .lessThanOrEqual(Decimal.parse(`1e-${places}`)),
          ).toBe(true);
        },
      ),
    );
  });
});
