import { readFile } from 'node:fs/promises';
import { ConfigurationError } from '@toex/core';
import { z } from 'zod';
import { Decimal, type DecimalInput } from './decimal';
import { assertCurrency, Money } from './money';
import { currencyField, dateField, decimalField } from './schema-fields';
import { type DateInput, formatUtcDay, toInstant } from './utc-date';

/** One exchange rate as written in a rate file or in code. */
export interface FxRateInput {
  /** Currency converted from, e.g. `USD`. */
  from: string;
  /** Currency converted to, e.g. `GBP`. */
  to: string;
  /** Units of `to` per one unit of `from`, e.g. `"0.8145"`. A decimal string keeps it exact. */
  rate: DecimalInput;
  /** First day the rate applies (`YYYY-MM-DD`); it applies until a later rate for the same pair. */
  date: string;
  /** Where the rate comes from, e.g. `HMRC monthly exchange rates, November 2026`. */
  source: string;
}

/** An exchange rate as used for a figure; recorded beside every converted amount. */
export interface FxRate {
  from: string;
  to: string;
  /** Units of `to` per one unit of `from`. */
  rate: Decimal;
  /** First day the rate applied. */
  date: string;
  source: string;
}

const fxTableSchema = z.strictObject({
  $schema: z.string().optional(),
  rates: z.array(
    z.strictObject({
      from: currencyField,
      to: currencyField,
      rate: decimalField,
      date: dateField,
      source: z.string().min(1),
    }),
  ),
});

/**
 * An explicit, dated table of exchange rates. There are no network look-ups: the rates are the ones
 * you give, and the one used is recorded with every figure. Inverse rates are never derived, because
 * dividing would round; give each direction you need.
 */
export class FxTable {
  /** Every rate, in the order given. */
  readonly rates: readonly FxRate[];
  readonly #maximumAgeDays: number | undefined;

  private constructor(rates: readonly FxRate[], maximumAgeDays: number | undefined) {
    this.rates = rates;
    this.#maximumAgeDays = maximumAgeDays;
  }

  /**
   * Builds a table from rates (or a parsed rate file `{ rates: [...] }`). With `maximumAgeDays`, a rate
   * older than that on the day it is asked for is refused rather than silently used.
   */
  static create(
    input: readonly FxRateInput[] | { readonly rates: readonly FxRateInput[] },
    options: { maximumAgeDays?: number; origin?: string } = {},
  ): FxTable {
    const origin = options.origin ?? 'FX rate table';
    const parsed = fxTableSchema.safeParse(Array.isArray(input) ? { rates: input } : input);
    if (!parsed.success) {
      throw new ConfigurationError({
        code: 'invalid_fx_table',
        setting: origin,
        message: `${origin} is not a valid rate table:\n${z.prettifyError(parsed.error)}`,
      });
    }
    const rates = parsed.data.rates.map((rate) => ({ ...rate, rate: Decimal.from(rate.rate) }));
    for (const rate of rates) {
      if (!rate.rate.greaterThan(0)) {
        throw new ConfigurationError({
          code: 'invalid_fx_table',
          setting: origin,
          message: `${origin}: the ${rate.from}→${rate.to} rate of ${rate.date} must be above 0.`,
        });
      }
    }
    return new FxTable(rates, options.maximumAgeDays);
  }

  /** A table with no rates: converting anything but a currency to itself fails. */
  static empty(): FxTable {
    return new FxTable([], undefined);
  }

  /**
   * The rate from `from` to `to` in force on `date` (default now): the latest one dated on or before it.
   * A currency to itself is rate 1. Throws `ConfigurationError` (`fx_rate_not_found`) listing the pairs held.
   */
  rateAt(query: { from: string; to: string; date?: DateInput }): FxRate {
    assertCurrency(query.from);
    assertCurrency(query.to);
    const instant = toInstant(query.date ?? new Date());
    const day = formatUtcDay(instant);
    if (query.from === query.to) {
      return { from: query.from, to: query.to, rate: Decimal.one, date: day, source: 'same currency' };
    }
    let best: FxRate | undefined;
    for (const rate of this.rates) {
      if (rate.from !== query.from || rate.to !== query.to || toInstant(rate.date) > instant) continue;
      if (best === undefined || toInstant(rate.date) > toInstant(best.date)) best = rate;
    }
    if (best === undefined) {
      const pairs = [...new Set(this.rates.map((rate) => `${rate.from}→${rate.to} from ${rate.date}`))];
      throw new ConfigurationError({
        code: 'fx_rate_not_found',
        setting: `${query.from}→${query.to}`,
        message:
          `No ${query.from}→${query.to} exchange rate dated on or before ${day}. ` +
          `${pairs.length === 0 ? 'The rate table is empty.' : `The table holds: ${pairs.join(', ')}.`} ` +
          'Add the rate (with its date and source) to the rate table, e.g. --fx USD:GBP=0.8145@2026-11-01.',
      });
    }
    const ageDays = (instant - toInstant(best.date)) / 86_400_000;
    if (this.#maximumAgeDays !== undefined && ageDays > this.#maximumAgeDays) {
      throw new ConfigurationError({
        code: 'fx_rate_stale',
        setting: `${query.from}→${query.to}`,
        message: `The latest ${query.from}→${query.to} rate (${best.date}) is ${Math.floor(ageDays)} days older than ${day}, more than the ${this.#maximumAgeDays} allowed. Add a current rate.`,
      });
    }
    return best;
  }

  /** `money` in `to` at the rate in force on `date`, exact, with the rate used. */
  convert(money: Money, to: string, date?: DateInput): { money: Money; fx: FxRate } {
    const fx = this.rateAt({ from: money.currency, to, ...(date === undefined ? {} : { date }) });
    return { money: Money.of(money.amount.multiply(fx.rate), to), fx };
  }
}

/**
 * Reads a JSON rate file: `{ "rates": [{ "from": "USD", "to": "GBP", "rate": "0.8145", "date": "2026-11-01",
 * "source": "..." }] }`. Throws `ConfigurationError` naming the file on any problem.
 */
export async function loadFxTable(path: string, options: { maximumAgeDays?: number } = {}): Promise<FxTable> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ConfigurationError({
      code: 'invalid_fx_table',
      setting: path,
      message: `${path}: cannot read the rate file as JSON (${(error as Error).message}).`,
      cause: error,
    });
  }
  // Validated inside `create`; the cast only satisfies the compiler.
  return FxTable.create(document as { rates: FxRateInput[] }, { ...options, origin: path });
}
