import type { DateInput, DecimalInput } from '@toex/costing';

/**
 * Spending caps held in the database for every worker at once. Amounts are in the request's currency
 * (the ledger's billing currency). Earlier ledger lines count against them, as do other workers' leases.
 */
export interface SharedBudgetCaps {
  /** Most that everything charged to the request's case may cost. Needs `caseReference`. */
  case?: DecimalInput;
  /**
   * Most that everything charged to the paying organisation may cost; with `from` (inclusive) and `to`
   * (exclusive) it counts only ledger lines in that period, e.g. the recharge month. Leases always count.
   */
  organisation?: DecimalInput | { limit: DecimalInput; from?: DateInput; to?: DateInput };
}

/** What {@link PostgresBudgets.reserve} is asked for: a job's estimated cost against its case and organisation caps. */
export interface BudgetLeaseRequest {
  /** The job that will spend it; recorded on the lease for operators. */
  jobId: string;
  /** The paying organisation, as on the job's ledger lines. */
  organisation: string;
  /** The case reference, as on the job's ledger lines. */
  caseReference?: string;
  /** ISO 4217 currency of `amount`, the caps and the ledger lines, e.g. `GBP`. */
  currency: string;
  /** What to hold: the job's estimated cost, the high end when the estimate is a range. */
  amount: DecimalInput;
  /**
   * Accept a smaller lease when the caps cannot hold all of `amount`, as long as at least this much is
   * left (the job then translates what that pays for). Default: `amount`, all or nothing.
   */
  minimum?: DecimalInput;
  /** The caps to hold it against. With none, the lease is only recorded. */
  caps: SharedBudgetCaps;
  /**
   * Frees every earlier lease of the same `jobId` in the same transaction before granting: a job taken
   * over after its worker died replaces the dead worker's hold instead of holding twice until it lapses.
   * Only for a job whose new lease covers what its earlier attempts sent. Default false.
   */
  replaceEarlierLeases?: boolean;
  /** How long the hold lasts unless renewed, settled or released. Default: the store's `leaseTtlMs`. */
  ttlMs?: number;
}

/**
 * A hold on part of the shared case and organisation budgets, granted to one job. Plain JSON, so a
 * worker can keep it with the job (e.g. in the queue's job data) and settle it from another process.
 * Settle or release it exactly once; a lease not renewed before `expiresAt` (its worker died) no longer
 * counts, and its amount is free for others.
 */
export interface BudgetLease {
  /** Unique id (a UUID). */
  id: string;
  jobId: string;
  organisation: string;
  caseReference?: string;
  currency: string;
  /** What was granted, an exact decimal string: `request.amount`, or less when `minimum` allowed it. */
  amount: string;
  /** When the hold lapses unless renewed, ISO-8601 UTC, by the database's clock. */
  expiresAt: string;
}

/** Where one shared cap stands. Amounts are exact decimal strings in `currency`. */
export interface SharedBudgetPosition {
  scope: 'case' | 'organisation';
  /** The case reference or organisation. */
  subject: string;
  currency: string;
  limit: string;
  /** Ledger lines charged to it (in the period, for an organisation cap with one). */
  spent: string;
  /** Held by live leases. */
  held: string;
  /** `limit − spent − held`; negative when actual costs overran their leases. */
  remaining: string;
  /** Ledger lines in scope whose cost is unknown: while above zero, `spent` is a lower bound. */
  unknownCostEntries: number;
}
