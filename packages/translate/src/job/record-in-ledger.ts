import {
  type Ledger,
  ledgerEntriesFor,
  type PriceEntry,
  priceUsage,
  type UsageMeter,
  unknownUsageEntry,
} from '@toex/costing';
import type { JobContext } from './job-context';

/**
 * Appends a finished job's charge to the ledger: the provider-reported quantity when every request
 * reported one, else our own count, with both kept on the line so a reconciliation can compare them. A
 * provider billed per token gets two lines, input and output tokens, each at its own price; where the
 * provider reported no usage they are our estimate, marked as such.
 */
export async function recordInLedger(
  target: { ledger: Ledger; organisation: string; caseReference?: string },
  jobId: string,
  context: JobContext,
  time: Date,
): Promise<void> {
  const { prices } = context;
  if (prices === undefined) return;
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
  const record = async (entry: PriceEntry, meter: UsageMeter, estimated: boolean) => {
    const usage = meter.summary();
    if (usage.billable.quantity === undefined) {
      await target.ledger.append([unknownUsageEntry({ ...common, ...pricing, entry, unit: meter.unit })]);
      return;
    }
    const priced = priceUsage({
      ...pricing,
      entry,
      quantity: usage.billable.quantity,
      unit: meter.unit,
      ...(context.date === undefined ? {} : { date: context.date }),
    });
    await target.ledger.append(
      ledgerEntriesFor(priced, {
        ...common,
        quantitySource:
          estimated && usage.billable.source === 'client-count' ? 'estimate' : usage.billable.source,
        ...(usage.counted === undefined ? {} : { clientQuantity: usage.counted }),
        ...(usage.reported === undefined ? {} : { reportedQuantity: usage.reported }),
      }),
    );
  };
  if (prices.unit === 'character') {
    await record(prices.character, context.meter, false);
    return;
  }
  if (context.tokenMeters === undefined) return;
  // Our token counts are estimates from characters: a line priced on them says so.
  await record(prices.input, context.tokenMeters.input, true);
  await record(prices.output, context.tokenMeters.output, true);
}
