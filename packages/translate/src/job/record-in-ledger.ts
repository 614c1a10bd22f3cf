import { type Ledger, ledgerEntriesFor, priceUsage, unknownUsageEntry } from '@toex/costing';
import type { JobContext } from './job-context';

/**
 * Appends a finished job's charge to the ledger: the provider-reported quantity when every request
 * reported one, else our own count, with both kept on the line so a reconciliation can compare them.
 */
export async function recordInLedger(
  target: { ledger: Ledger; organisation: string; caseReference?: string },
  jobId: string,
  context: JobContext,
  time: Date,
): Promise<void> {
  const usage = context.meter.summary();
  const pricing = {
    currency: context.currency,
    ...(context.fxTable === undefined ? {} : { fxTable: context.fxTable }),
  };
  const common = {
    jobId,
    organisation: target.organisation,
    time,
    ...(target.caseReference === undefined ? {} : { caseReference: target.caseReference }),
  };
  if (context.price === undefined || usage.billable.quantity === undefined) {
    if (context.price !== undefined) {
      await target.ledger.append([
        unknownUsageEntry({ ...common, ...pricing, entry: context.price, unit: 'character' }),
      ]);
    }
    return;
  }
  const priced = priceUsage({
    ...pricing,
    entry: context.price,
    quantity: usage.billable.quantity,
    unit: 'character',
    ...(context.date === undefined ? {} : { date: context.date }),
  });
  await target.ledger.append(
    ledgerEntriesFor(priced, {
      ...common,
      quantitySource: usage.billable.source,
      ...(usage.counted === undefined ? {} : { clientQuantity: usage.counted }),
      ...(usage.reported === undefined ? {} : { reportedQuantity: usage.reported }),
    }),
  );
}
