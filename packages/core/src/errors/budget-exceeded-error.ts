import { hasMarker, ToexError } from './toex-error';

const marker = 'toex.error.budget';
const symbol = Symbol.for(marker);

/** Which cap would be crossed. */
export type BudgetScope = 'job' | 'case' | 'organisation';

/**
 * Sending the next request would cross a spending cap, so it was not sent. Never retryable:
 * raise the cap or narrow the job. Amounts are decimal strings in `currency`, exact as the ledger holds them.
 */
export class BudgetExceededError extends ToexError {
  private readonly [symbol] = true;
  readonly scope: BudgetScope;
  /** The cap, e.g. `"5.00"`. */
  readonly limit: string;
  /** Already spent or reserved against the cap before this request. */
  readonly committed: string;
  /** What the refused request would have cost. */
  readonly requested: string;
  readonly currency: string;

  constructor(options: {
    scope: BudgetScope;
    limit: string;
    committed: string;
    requested: string;
    currency: string;
    subject?: string;
    message?: string;
  }) {
    const subject = options.subject === undefined ? options.scope : `${options.scope} "${options.subject}"`;
    super({
      code: 'budget_exceeded',
      message:
        options.message ??
        `The ${subject} budget of ${options.limit} ${options.currency} would be exceeded: ` +
          `${options.committed} ${options.currency} is already committed and the next request costs ` +
          `${options.requested} ${options.currency}. Nothing more was sent. Raise the budget or narrow the job.`,
    });
    this.name = 'BudgetExceededError';
    this.scope = options.scope;
    this.limit = options.limit;
    this.committed = options.committed;
    this.requested = options.requested;
    this.currency = options.currency;
  }

  static override isInstance(error: unknown): error is BudgetExceededError {
    return hasMarker(error, marker);
  }
}
