import { BudgetExceededError, ConfigurationError } from '@toex/core';
import { Decimal, type Ledger } from '@toex/costing';
import type { TranslationEstimate } from '@toex/translate';
import type { BudgetLease } from '../postgres/budget-lease';
import type { PostgresBudgets } from '../postgres/postgres-budgets';
import type { TranslateJobPayload } from '../queue/translate-job-payload';

/** What a job runs with under a shared case or organisation budget. Internal. */
export interface SharedBudgetHold {
  /** The job's own budget: what the lease holds, or `'0'` when the caps had nothing left. */
  jobBudget: string;
  /** Writes through the lease, so the job's lines replace its hold; absent when nothing was granted. */
  ledger?: Ledger;
  /** Stops renewing and frees what the job did not spend. */
  end(): Promise<void>;
}

/** True when the job carries a case or organisation budget shared by every worker. Internal. */
export function hasSharedBudget(payload: TranslateJobPayload): boolean {
  return payload.caseBudget !== undefined || payload.organisationBudget !== undefined;
}

/** Refuses a job with a shared budget on a worker that has nowhere to hold it. Internal. */
export function requireBudgets(
  payload: TranslateJobPayload,
  jobId: string,
  budgets: PostgresBudgets | undefined,
): asserts budgets is PostgresBudgets {
  if (budgets !== undefined) return;
  const flag = payload.caseBudget !== undefined ? '--case-budget' : '--org-budget';
  throw new ConfigurationError({
    code: 'postgres_ledger_required',
    setting: 'ledger',
    message: `Job ${jobId} has a shared budget (${flag}), which workers hold in a PostgreSQL ledger, and this worker has none. Start the workers with --ledger postgres://USER@HOST:PORT/DB (createWorker({ budgets })). Nothing was sent.`,
  });
}

/**
 * Reserves the job's estimated cost (capped by its own budget) against its case and organisation caps:
 * `full` estimated without the memory, `fresh` with it. The lease covers the full cost, so it also
 * covers what a killed earlier attempt of the job sent (billed by this run, and no longer held by the
 * dead worker's lease, which this one replaces); the job's own budget is the lease less what the memory
 * already holds, so what it sends plus what it bills from earlier attempts stays within the lease.
 * Any part of it is accepted: the job then translates what that pays for and marks the rest
 * failed:budget_exceeded. When the caps have nothing left the job still runs, on a budget of zero, so
 * every row is in its output, marked, as `toex translate --budget` does when the budget is spent.
 * `onLost` is called when the hold lapses mid-job (the database unreachable for a lease time).
 * Internal.
 */
export async function holdSharedBudget(
  payload: TranslateJobPayload,
  jobId: string,
  budgets: PostgresBudgets,
  estimate: { full: TranslationEstimate; fresh: TranslationEstimate },
  onLost: (error: Error) => void,
): Promise<SharedBudgetHold> {
  const { full, fresh } = estimate;
  if (full.cost === null || fresh.cost === null) {
    throw new ConfigurationError({
      code: 'price_required',
      setting: 'prices',
      message: `Job ${jobId} has a shared budget, but there is no price for provider "${payload.provider}", so its cost cannot be counted against it. Give the job a price list (--prices FILE) or drop the budget.`,
    });
  }
  const estimated = Decimal.from(full.cost.amount);
  // What the memory already holds: for a taken-over job, partly what its killed attempt sent, which this
  // run bills (billEarlierAttempts) without sending. The job may send only what the lease holds beyond it.
  const inMemory = estimated.subtract(fresh.cost.amount);
  const amount =
    payload.budget !== undefined && Decimal.from(payload.budget).lessThan(estimated)
      ? Decimal.from(payload.budget)
      : estimated;
  let lease: BudgetLease;
  try {
    lease = await budgets.reserve({
      jobId,
      organisation: payload.organisation ?? 'unassigned',
      ...(payload.caseReference === undefined ? {} : { caseReference: payload.caseReference }),
      currency: full.cost.currency,
      amount: amount.toString(),
      minimum: '0',
      // A taken-over job's dead worker held this job's estimate; the new lease covers it all again.
      replaceEarlierLeases: true,
      caps: {
        ...(payload.caseBudget === undefined ? {} : { case: payload.caseBudget }),
        ...(payload.organisationBudget === undefined ? {} : { organisation: payload.organisationBudget }),
      },
    });
  } catch (error) {
    if (BudgetExceededError.isInstance(error)) return { jobBudget: '0', end: async () => {} };
    throw error;
  }
  const renewing = budgets.keepAlive(lease, { onLost });
  const sendable = Decimal.from(lease.amount).subtract(inMemory);
  return {
    jobBudget: sendable.isNegative() ? '0' : sendable.toString(),
    ledger: budgets.ledgerFor(lease),
    async end() {
      renewing.stop();
      await budgets.release(lease);
    },
  };
}
