import { BudgetExceededError, type BudgetScope, ConfigurationError, ToexError } from '@toex/core';
import { Decimal, type DecimalInput } from './decimal';
import { invalidArgument } from './invalid-argument';
import type { Ledger } from './ledger';
import { Money } from './money';
import { type DateInput, toInstant } from './utc-date';

/** A soft threshold reached: spending (committed, not merely reserved) has reached `threshold` of a cap. */
export interface BudgetThresholdEvent {
  scope: BudgetScope;
  /** The job id, case reference or organisation. */
  subject: string;
  /** The fraction of the cap reached, e.g. `0.8`. */
  threshold: number;
  limit: Money;
  /** Spent against the cap so far, including earlier ledger lines for case and organisation caps. */
  spent: Money;
}

/** Options for {@link createBudget}. Caps are in `currency`, the currency the ledger records costs in. */
export interface BudgetOptions {
  /** ISO 4217 currency of every cap and amount, e.g. `GBP`. */
  currency: string;
  /** The hard cap for this job. Earlier ledger lines for the same job id count against it (a resumed job). */
  job: { id: string; limit: DecimalInput };
  /** Optional cap for everything charged to a case, read from the ledger. */
  case?: { reference: string; limit: DecimalInput };
  /**
   * Optional cap for everything charged to a paying organisation, read from the ledger; limit it to a
   * period (e.g. the recharge month) with `from` (inclusive) and `to` (exclusive).
   */
  organisation?: { id: string; limit: DecimalInput; from?: DateInput; to?: DateInput };
  /** The ledger to read earlier spending from. Required for case and organisation caps. */
  ledger?: Ledger;
  /** Fractions of each cap that raise a warning once reached. Defaults to 0.5, 0.8 and 1. */
  thresholds?: readonly number[];
  /** Called (synchronously) once per threshold per cap when spending reaches it. */
  onThreshold?: (event: BudgetThresholdEvent) => void;
}

/** One cap's position. */
export interface BudgetCapTotals {
  scope: BudgetScope;
  subject: string;
  limit: Money;
  /** Committed spending, including earlier ledger lines. */
  spent: Money;
  /** Held by reservations not yet committed or released. */
  reserved: Money;
  /** `limit − spent − reserved` (negative if a commit overran). */
  remaining: Money;
  /** Earlier ledger lines in scope whose cost is unknown: while above zero, `spent` is a lower bound. */
  unknownCostEntries: number;
}

/** A hold on part of a budget, made before a request is sent. Settle it exactly once. */
export interface Reservation {
  /** The amount held. */
  readonly amount: Money;
  /** `held` until committed or released. */
  readonly state: 'held' | 'committed' | 'released';
  /**
   * Records what the request actually cost (default: the amount held) and frees the hold. The actual
   * cost is recorded even above the hold or the cap, because it has been spent; later reservations see it.
   */
  commit(actual?: Money | DecimalInput): void;
  /** Frees the hold without spending (the request was not sent, or cost nothing). */
  release(): void;
}

interface Cap {
  scope: BudgetScope;
  subject: string;
  limit: Decimal;
  spent: Decimal;
  unknownCostEntries: number;
  thresholdsReached: Set<number>;
}

/**
 * Spending caps for one job: a hard cap for the job and optional caps for its case and paying
 * organisation. Call {@link Budget.reserve} before each request with its estimated cost; it throws
 * `BudgetExceededError` — and nothing is sent — when spent + reserved + the request would cross any cap.
 * Reservations are synchronous, so concurrent requests in one process cannot overspend together.
 *
 * Case and organisation spending from other processes is read from the ledger when the budget is
 * created, not continuously.
 */
export class Budget {
  /** Currency of every amount. */
  readonly currency: string;
  readonly #caps: Cap[];
  readonly #thresholds: readonly number[];
  readonly #onThreshold: ((event: BudgetThresholdEvent) => void) | undefined;
  #reserved = Decimal.zero;

  private constructor(options: {
    currency: string;
    caps: Cap[];
    thresholds: readonly number[];
    onThreshold: ((event: BudgetThresholdEvent) => void) | undefined;
  }) {
    this.currency = options.currency;
    this.#caps = options.caps;
    this.#thresholds = options.thresholds;
    this.#onThreshold = options.onThreshold;
  }

  /** @internal Use {@link createBudget}. */
  static async create(options: BudgetOptions): Promise<Budget> {
    const currency = Money.zero(options.currency).currency;
    const thresholds = [...(options.thresholds ?? [0.5, 0.8, 1])].sort((a, b) => a - b);
    for (const threshold of thresholds) {
      if (!(threshold > 0)) throw invalidArgument(`Budget thresholds must be above 0; got ${threshold}.`);
    }
    const cap = (scope: BudgetScope, subject: string, limit: DecimalInput): Cap => {
      const amount = Decimal.from(limit);
      if (amount.isNegative())
        throw invalidArgument(`The ${scope} budget cannot be negative; got ${amount.toString()}.`);
      return {
        scope,
        subject,
        limit: amount,
        spent: Decimal.zero,
        unknownCostEntries: 0,
        thresholdsReached: new Set(),
      };
    };
    const caps = [cap('job', options.job.id, options.job.limit)];
    if (options.case !== undefined) caps.push(cap('case', options.case.reference, options.case.limit));
    if (options.organisation !== undefined) {
      caps.push(cap('organisation', options.organisation.id, options.organisation.limit));
    }
    if (caps.length > 1 && options.ledger === undefined) {
      throw new ConfigurationError({
        code: 'budget_needs_ledger',
        setting: 'ledger',
        message:
          'Case and organisation caps count earlier spending from the ledger: pass the ledger to createBudget.',
      });
    }
    if (options.ledger !== undefined) await readSpending(options, caps, currency);
    const budget = new Budget({ currency, caps, thresholds, onThreshold: options.onThreshold });
    budget.#announceThresholds();
    return budget;
  }

  /**
   * Holds `amount` (the request's estimated cost, `estimate.cost.high` when it is a range) against every
   * cap. Throws `BudgetExceededError` naming the cap when spent + reserved + amount would exceed it; then
   * nothing is held and the request must not be sent.
   */
  reserve(amount: Money | DecimalInput): Reservation {
    const held = this.#amountOf(amount);
    if (held.isNegative()) throw invalidArgument(`A reservation cannot be negative; got ${held.toString()}.`);
    for (const cap of this.#caps) {
      const committed = cap.spent.add(this.#reserved);
      if (committed.add(held).greaterThan(cap.limit)) {
        throw new BudgetExceededError({
          scope: cap.scope,
          subject: cap.subject,
          limit: this.#text(cap.limit),
          committed: this.#text(committed),
          requested: this.#text(held),
          currency: this.currency,
        });
      }
    }
    this.#reserved = this.#reserved.add(held);
    let state: Reservation['state'] = 'held';
    const settle = (next: 'committed' | 'released') => {
      if (state !== 'held') {
        throw new ToexError({
          code: 'reservation_settled',
          message: `This reservation of ${this.#text(held)} ${this.currency} was already ${state}.`,
        });
      }
      state = next;
      this.#reserved = this.#reserved.subtract(held);
    };
    return {
      amount: Money.of(held, this.currency),
      get state() {
        return state;
      },
      commit: (actual) => {
        const spent = actual === undefined ? held : this.#amountOf(actual);
        if (spent.isNegative())
          throw invalidArgument(`A committed cost cannot be negative; got ${spent.toString()}.`);
        settle('committed');
        for (const cap of this.#caps) cap.spent = cap.spent.add(spent);
        this.#announceThresholds();
      },
      release: () => settle('released'),
    };
  }

  /** Where every cap stands: limit, spent, reserved, remaining. The job cap comes first. */
  totals(): BudgetCapTotals[] {
    return this.#caps.map((cap) => ({
      scope: cap.scope,
      subject: cap.subject,
      limit: Money.of(cap.limit, this.currency),
      spent: Money.of(cap.spent, this.currency),
      reserved: Money.of(this.#reserved, this.currency),
      remaining: Money.of(cap.limit.subtract(cap.spent).subtract(this.#reserved), this.currency),
      unknownCostEntries: cap.unknownCostEntries,
    }));
  }

  #amountOf(amount: Money | DecimalInput): Decimal {
    if (amount instanceof Money) {
      if (amount.currency !== this.currency) {
        throw new ConfigurationError({
          code: 'currency_mismatch',
          message: `The budget is in ${this.currency} but the amount is in ${amount.currency}. Estimate in ${this.currency}.`,
        });
      }
      return amount.amount;
    }
    return Decimal.from(amount);
  }

  #text(amount: Decimal): string {
    return Money.of(amount, this.currency).toDecimalString();
  }

  #announceThresholds(): void {
    for (const cap of this.#caps) {
      if (!cap.limit.greaterThan(0)) continue;
      for (const threshold of this.#thresholds) {
        if (cap.thresholdsReached.has(threshold) || cap.spent.lessThan(cap.limit.multiply(threshold)))
          continue;
        cap.thresholdsReached.add(threshold);
        this.#onThreshold?.({
          scope: cap.scope,
          subject: cap.subject,
          threshold,
          limit: Money.of(cap.limit, this.currency),
          spent: Money.of(cap.spent, this.currency),
        });
      }
    }
  }
}

/**
 * Creates a {@link Budget}, reading earlier spending for the job, case and organisation from
 * `options.ledger` (one pass). Thresholds already reached by earlier spending are announced at once.
 *
 * @example
 * const budget = await createBudget({ currency: 'GBP', job: { id: 'J-1', limit: '50' }, ledger,
 *   case: { reference: 'OP-KESTREL', limit: '500' }, onThreshold: (event) => console.warn(event) });
 * const reservation = budget.reserve(estimate.cost.high); // throws BudgetExceededError before sending
 * // … send the request …
 * reservation.commit(actual.cost);
 */
export function createBudget(options: BudgetOptions): Promise<Budget> {
  return Budget.create(options);
}

async function readSpending(options: BudgetOptions, caps: Cap[], currency: string): Promise<void> {
  const from = options.organisation?.from === undefined ? undefined : toInstant(options.organisation.from);
  const to = options.organisation?.to === undefined ? undefined : toInstant(options.organisation.to);
  const settled = new Set<string>();
  const unknown = new Map<Cap, Set<string>>();
  for await (const entry of options.ledger!.entries()) {
    if (entry.corrects !== undefined) settled.add(entry.corrects);
    const instant = Date.parse(entry.time);
    for (const cap of caps) {
      const inScope =
        cap.scope === 'job'
          ? entry.jobId === cap.subject
          : cap.scope === 'case'
            ? entry.caseReference === cap.subject
            : entry.organisation === cap.subject &&
              (from === undefined || instant >= from) &&
              (to === undefined || instant < to);
      if (!inScope) continue;
      if (entry.currency !== currency) {
        throw new ConfigurationError({
          code: 'currency_mismatch',
          message: `Ledger line ${entry.id} for ${cap.scope} "${cap.subject}" is in ${entry.currency}, but the budget is in ${currency}. Use one billing currency per ledger.`,
        });
      }
      if (entry.cost === null) {
        const ids = unknown.get(cap) ?? new Set<string>();
        ids.add(entry.id);
        unknown.set(cap, ids);
      } else {
        cap.spent = cap.spent.add(entry.cost);
      }
    }
  }
  for (const [cap, ids] of unknown) cap.unknownCostEntries = [...ids].filter((id) => !settled.has(id)).length;
}
