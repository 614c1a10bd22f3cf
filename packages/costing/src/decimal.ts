import { ToexError } from '@toex/core';

/**
 * How to drop digits when a value is rounded to fewer decimal places.
 *
 * - `half-even`: to the nearest, ties to the even neighbour (banker's rounding; no upward bias over many lines).
 * - `half-up`: to the nearest, ties away from zero (what most people mean by "rounding").
 * - `half-down`: to the nearest, ties towards zero.
 * - `up`: away from zero. `down`: towards zero (truncation).
 * - `ceiling`: towards +∞. `floor`: towards −∞.
 */
export type RoundingMode = 'half-even' | 'half-up' | 'half-down' | 'up' | 'down' | 'ceiling' | 'floor';

/** Anything {@link Decimal.from} accepts: a decimal string, a bigint, a finite number or a `Decimal`. */
export type DecimalInput = Decimal | string | bigint | number;

const decimalPattern = /^([+-])?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

// A scale this large means a value like 1e-10000 was parsed; refusing it keeps bigint sizes sane.
const maximumScale = 1_000;

function powerOfTen(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

/**
 * An exact decimal number: an integer (`bigint`) count of `10^-scale`. Addition, subtraction and
 * multiplication never round; only {@link Decimal.divide} and {@link Decimal.round} do, and both take an
 * explicit {@link RoundingMode}. Money in toex is a `Decimal` plus a currency, so a unit price of
 * $10 per million characters (0.00001 per character) is held exactly and sums never drift.
 *
 * Immutable: every operation returns a new value.
 */
export class Decimal {
  /** The value times `10^scale`. */
  readonly #units: bigint;
  /** Digits after the decimal point that `#units` carries; never negative. */
  readonly #scale: number;

  private constructor(units: bigint, scale: number) {
    this.#units = units;
    this.#scale = scale;
  }

  /** Zero. */
  static readonly zero: Decimal = new Decimal(0n, 0);
  /** One. */
  static readonly one: Decimal = new Decimal(1n, 0);

  /**
   * Reads a decimal string (`"10"`, `"-0.00001"`, `"1.5e-7"`), a bigint, or a finite number. Numbers
   * are read through their shortest round-trip text (`0.1` becomes exactly 0.1), so pass strings for
   * amounts that come from files. Throws a `ToexError` (`invalid_decimal`) on anything else, including
   * thousands separators and currency symbols.
   */
  static from(value: DecimalInput): Decimal {
    if (value instanceof Decimal) return value;
    if (typeof value === 'bigint') return new Decimal(value, 0);
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) {
        throw new ToexError({ code: 'invalid_decimal', message: `${value} is not a finite number.` });
      }
      return Decimal.parse(String(value));
    }
    return Decimal.parse(value);
  }

  /** Reads a plain decimal string such as `"4.47975"` or `"-12"`; see {@link Decimal.from}. */
  static parse(text: string): Decimal {
    const match = decimalPattern.exec(text.trim());
    if (match === null) {
      throw new ToexError({
        code: 'invalid_decimal',
        message: `"${text}" is not a decimal number. Write plain digits with an optional "." and no separators or symbols, e.g. "1234.56".`,
      });
    }
    const [, sign, integerDigits = '0', fractionDigits = '', exponentText] = match;
    const exponent = exponentText === undefined ? 0 : Number(exponentText);
    let units = BigInt(`${integerDigits}${fractionDigits}`);
    let scale = fractionDigits.length - exponent;
    if (scale < 0) {
      units *= powerOfTen(-scale);
      scale = 0;
    }
    if (scale > maximumScale) {
      throw new ToexError({
        code: 'invalid_decimal',
        message: `"${text}" has more than ${maximumScale} decimal places.`,
      });
    }
    return new Decimal(sign === '-' ? -units : units, scale).#normalised();
  }

  /** Exact sum of `values` (zero when empty). */
  static sum(values: Iterable<DecimalInput>): Decimal {
    let total = Decimal.zero;
    for (const value of values) total = total.add(value);
    return total;
  }

  /** The smaller of `a` and `b`. */
  static min(a: DecimalInput, b: DecimalInput): Decimal {
    const left = Decimal.from(a);
    const right = Decimal.from(b);
    return left.compare(right) <= 0 ? left : right;
  }

  /** The larger of `a` and `b`. */
  static max(a: DecimalInput, b: DecimalInput): Decimal {
    const left = Decimal.from(a);
    const right = Decimal.from(b);
    return left.compare(right) >= 0 ? left : right;
  }

  /** Digits after the decimal point in the shortest exact form (0 for integers). */
  get scale(): number {
    return this.#scale;
  }

  /** `this + other`, exact. */
  add(other: DecimalInput): Decimal {
    const right = Decimal.from(other);
    const scale = Math.max(this.#scale, right.#scale);
    return new Decimal(this.#unitsAt(scale) + right.#unitsAt(scale), scale).#normalised();
  }

  /** `this − other`, exact. */
  subtract(other: DecimalInput): Decimal {
    return this.add(Decimal.from(other).negate());
  }

  /** `this × other`, exact. */
  multiply(other: DecimalInput): Decimal {
    const right = Decimal.from(other);
    return new Decimal(this.#units * right.#units, this.#scale + right.#scale).#normalised();
  }

  /**
   * `this ÷ divisor`, rounded to `scale` decimal places with `rounding`. Division is the one operation
   * that cannot always be exact (1 ÷ 3600), so the caller must say how many places to keep.
   * Throws a `ToexError` (`division_by_zero`) when `divisor` is zero.
   */
  divide(divisor: DecimalInput, options: { scale: number; rounding: RoundingMode }): Decimal {
    const right = Decimal.from(divisor);
    if (right.isZero()) {
      throw new ToexError({ code: 'division_by_zero', message: `Cannot divide ${this.toString()} by zero.` });
    }
    assertPlaces(options.scale);
    // Shift so one integer division yields the quotient in units of 10^-scale, then round its remainder.
    const shift = options.scale + right.#scale - this.#scale;
    const numerator = shift >= 0 ? this.#units * powerOfTen(shift) : this.#units;
    const denominator = shift >= 0 ? right.#units : right.#units * powerOfTen(-shift);
    return new Decimal(divideRounded(numerator, denominator, options.rounding), options.scale).#normalised();
  }

  /**
   * `this ÷ divisor` exactly when the quotient terminates within `maximumScale` places (dividing by
   * 1,000,000 always does), otherwise rounded there with `rounding`. Returns the quotient and whether it is exact.
   */
  divideWithin(
    divisor: DecimalInput,
    options: { maximumScale: number; rounding: RoundingMode },
  ): { quotient: Decimal; exact: boolean } {
    const quotient = this.divide(divisor, { scale: options.maximumScale, rounding: 'down' });
    if (quotient.multiply(divisor).equals(this)) return { quotient, exact: true };
    return {
      quotient: this.divide(divisor, { scale: options.maximumScale, rounding: options.rounding }),
      exact: false,
    };
  }

  /** `−this`. */
  negate(): Decimal {
    return new Decimal(-this.#units, this.#scale);
  }

  /** `|this|`. */
  abs(): Decimal {
    return this.#units < 0n ? this.negate() : this;
  }

  /** −1, 0 or 1 as `this` is less than, equal to or greater than `other`. */
  compare(other: DecimalInput): -1 | 0 | 1 {
    const right = Decimal.from(other);
    const scale = Math.max(this.#scale, right.#scale);
    const difference = this.#unitsAt(scale) - right.#unitsAt(scale);
    return difference < 0n ? -1 : difference > 0n ? 1 : 0;
  }

  /** True when both are the same number (`"1.50"` equals `"1.5"`). */
  equals(other: DecimalInput): boolean {
    return this.compare(other) === 0;
  }

  /** `this < other`. */
  lessThan(other: DecimalInput): boolean {
    return this.compare(other) < 0;
  }

  /** `this <= other`. */
  lessThanOrEqual(other: DecimalInput): boolean {
    return this.compare(other) <= 0;
  }

  /** `this > other`. */
  greaterThan(other: DecimalInput): boolean {
    return this.compare(other) > 0;
  }

  /** `this >= other`. */
  greaterThanOrEqual(other: DecimalInput): boolean {
    return this.compare(other) >= 0;
  }

  /** True for zero. */
  isZero(): boolean {
    return this.#units === 0n;
  }

  /** True below zero. */
  isNegative(): boolean {
    return this.#units < 0n;
  }

  /** True when there is no fractional part. */
  isInteger(): boolean {
    return this.#scale === 0;
  }

  /**
   * Rounds to `places` decimal places (0 or more) with `rounding`. The only place toex drops digits:
   * call it once, on the figure that is shown or invoiced, never on intermediate amounts.
   */
  round(places: number, rounding: RoundingMode): Decimal {
    assertPlaces(places);
    if (this.#scale <= places) return this;
    const divisor = powerOfTen(this.#scale - places);
    return new Decimal(divideRounded(this.#units, divisor, rounding), places).#normalised();
  }

  /** The smallest integer not less than `this` (for "per started minute" style counting). */
  ceiling(): Decimal {
    return this.round(0, 'ceiling');
  }

  /**
   * The exact value as a plain decimal string, with no exponent, no separators and no trailing zeros
   * after the point beyond `minimumPlaces` (default 0): `"4.47975"`, `"-12"`, `"0.00001"`.
   */
  toString(minimumPlaces = 0): string {
    assertPlaces(minimumPlaces);
    const scale = Math.max(this.#scale, minimumPlaces);
    const units = this.#unitsAt(scale);
    const negative = units < 0n;
    const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
    const integerPart = digits.slice(0, digits.length - scale);
    const fractionPart = digits.slice(digits.length - scale);
    return `${negative ? '-' : ''}${integerPart}${scale > 0 ? `.${fractionPart}` : ''}`;
  }

  /** Rounds to exactly `places` places with `rounding` and prints them all: `toFixed(2, 'half-even')` → `"4.48"`. */
  toFixed(places: number, rounding: RoundingMode): string {
    return this.round(places, rounding).toString(places);
  }

  /** Serialises as the exact decimal string, so JSON never carries a float. */
  toJSON(): string {
    return this.toString();
  }

  /**
   * The nearest JavaScript number. Lossy: use it only for ratios and percentages shown to people,
   * never for money that is added up.
   */
  toNumber(): number {
    return Number(this.toString());
  }

  #unitsAt(scale: number): bigint {
    return this.#units * powerOfTen(scale - this.#scale);
  }

  // Trailing zeros are dropped so equal values share one representation and scales stay small.
  #normalised(): Decimal {
    let units = this.#units;
    let scale = this.#scale;
    if (units === 0n) return scale === 0 ? this : new Decimal(0n, 0);
    while (scale > 0 && units % 10n === 0n) {
      units /= 10n;
      scale -= 1;
    }
    return scale === this.#scale ? this : new Decimal(units, scale);
  }
}

function assertPlaces(places: number): void {
  if (!Number.isSafeInteger(places) || places < 0 || places > maximumScale) {
    throw new ToexError({
      code: 'invalid_decimal',
      message: `Decimal places must be a whole number from 0 to ${maximumScale}; got ${places}.`,
    });
  }
}

/** `numerator ÷ denominator` as an integer, rounded with `rounding`. `denominator` is never zero. */
function divideRounded(numerator: bigint, denominator: bigint, rounding: RoundingMode): bigint {
  const quotient = numerator / denominator; // truncates towards zero
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  const positive = numerator < 0n === denominator < 0n;
  const awayFromZero = positive ? quotient + 1n : quotient - 1n;
  const twiceRemainder = (remainder < 0n ? -remainder : remainder) * 2n;
  const absoluteDenominator = denominator < 0n ? -denominator : denominator;
  const half = twiceRemainder === absoluteDenominator ? 0 : twiceRemainder > absoluteDenominator ? 1 : -1;
  switch (rounding) {
    case 'down':
      return quotient;
    case 'up':
      return awayFromZero;
    case 'ceiling':
      return positive ? awayFromZero : quotient;
    case 'floor':
      return positive ? quotient : awayFromZero;
    case 'half-up':
      return half >= 0 ? awayFromZero : quotient;
    case 'half-down':
      return half > 0 ? awayFromZero : quotient;
    case 'half-even':
      if (half !== 0) return half > 0 ? awayFromZero : quotient;
      return quotient % 2n === 0n ? quotient : awayFromZero;
  }
}
