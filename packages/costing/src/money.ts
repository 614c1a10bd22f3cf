import { ConfigurationError } from '@toex/core';
import { Decimal, type DecimalInput, type RoundingMode } from './decimal';

const currencyPattern = /^[A-Z]{3}$/;

/**
 * Checks `currency` is an ISO 4217 code the runtime knows (`GBP`, `USD`, `EUR`) and returns it.
 * Throws `ConfigurationError` (`invalid_currency`) otherwise.
 */
export function assertCurrency(currency: string): string {
  if (!currencyPattern.test(currency)) {
    throw new ConfigurationError({
      code: 'invalid_currency',
      message: `"${currency}" is not an ISO 4217 currency code. Use three capital letters, e.g. GBP, USD or EUR.`,
    });
  }
  return currency;
}

/**
 * Digits after the decimal point in `currency`'s minor unit (GBP 2, JPY 0, BHD 3), as the runtime's
 * `Intl` data says. Used as the default places when money is shown or invoiced.
 */
export function currencyMinorUnits(currency: string): number {
  assertCurrency(currency);
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/**
 * An exact amount of one currency. Arithmetic refuses to mix currencies (convert with an FX rate
 * first), and nothing rounds until {@link Money.round} or {@link Money.format} is called, with an explicit mode.
 */
export class Money {
  /** The exact amount, in whole currency units (pounds, not pence). */
  readonly amount: Decimal;
  /** ISO 4217 code, e.g. `GBP`. */
  readonly currency: string;

  private constructor(amount: Decimal, currency: string) {
    this.amount = amount;
    this.currency = currency;
  }

  /** `amount` (in whole units, e.g. `"4.48"` pounds) of `currency`. */
  static of(amount: DecimalInput, currency: string): Money {
    return new Money(Decimal.from(amount), assertCurrency(currency));
  }

  /** Zero of `currency`. */
  static zero(currency: string): Money {
    return Money.of(Decimal.zero, currency);
  }

  /** Exact sum of `amounts`, all in `currency` (zero when empty). */
  static sum(amounts: Iterable<Money>, currency: string): Money {
    let total = Money.zero(currency);
    for (const amount of amounts) total = total.add(amount);
    return total;
  }

  /** `this + other`; both must be in the same currency. */
  add(other: Money): Money {
    this.#assertSameCurrency(other);
    return new Money(this.amount.add(other.amount), this.currency);
  }

  /** `this − other`; both must be in the same currency. */
  subtract(other: Money): Money {
    this.#assertSameCurrency(other);
    return new Money(this.amount.subtract(other.amount), this.currency);
  }

  /** `this × factor` (a quantity or a ratio, not money), exact. */
  multiply(factor: DecimalInput): Money {
    return new Money(this.amount.multiply(factor), this.currency);
  }

  /** −1, 0 or 1; both must be in the same currency. */
  compare(other: Money): -1 | 0 | 1 {
    this.#assertSameCurrency(other);
    return this.amount.compare(other.amount);
  }

  /** True when the currencies match and the amounts are equal. */
  equals(other: Money): boolean {
    return this.currency === other.currency && this.amount.equals(other.amount);
  }

  /** True for zero. */
  isZero(): boolean {
    return this.amount.isZero();
  }

  /** True below zero (a credit or a correction that reduces a charge). */
  isNegative(): boolean {
    return this.amount.isNegative();
  }

  /**
   * Rounded to `places` (default: the currency's minor units, 2 for GBP) with `rounding`. Do this once,
   * on the figure that is shown or invoiced.
   */
  round(options: { rounding: RoundingMode; places?: number }): Money {
    const places = options.places ?? currencyMinorUnits(this.currency);
    return new Money(this.amount.round(places, options.rounding), this.currency);
  }

  /**
   * For people: rounded once with `rounding` (default `half-even`) to `places` (default minor units)
   * and formatted for `locale` (default `en-GB`), e.g. `£4.48`, `US$10.00`.
   */
  format(options: { rounding?: RoundingMode; places?: number; locale?: string } = {}): string {
    const places = options.places ?? currencyMinorUnits(this.currency);
    const text = this.amount.toFixed(places, options.rounding ?? 'half-even');
    // Intl reads a numeric string as an exact decimal, so formatting cannot round a second time.
    const formatter = new Intl.NumberFormat(options.locale ?? 'en-GB', {
      style: 'currency',
      currency: this.currency,
      minimumFractionDigits: places,
      maximumFractionDigits: places,
    });
    return formatter.format(text as Intl.StringNumericLiteral);
  }

  /** The exact amount as a plain decimal with at least the currency's minor-unit places, e.g. `"4.47975"`, `"5.00"`. */
  toDecimalString(): string {
    return this.amount.toString(currencyMinorUnits(this.currency));
  }

  /** `"4.47975 GBP"`: exact, unrounded; for logs and messages. */
  toString(): string {
    return `${this.toDecimalString()} ${this.currency}`;
  }

  /** `{ amount: "4.47975", currency: "GBP" }`: exact, for JSON output. */
  toJSON(): { amount: string; currency: string } {
    return { amount: this.amount.toString(), currency: this.currency };
  }

  #assertSameCurrency(other: Money): void {
    if (other.currency !== this.currency) {
      throw new ConfigurationError({
        code: 'currency_mismatch',
        message: `Cannot combine ${this.currency} with ${other.currency}. Convert with an FX rate first (see FxTable).`,
      });
    }
  }
}
