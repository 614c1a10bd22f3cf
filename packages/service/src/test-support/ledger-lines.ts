// Test helpers, not exported: real ledger lines priced from the default catalogue.
import { randomUUID } from 'node:crypto';
import {
  defaultPriceCatalogue,
  FxTable,
  type LedgerContext,
  type LedgerEntry,
  ledgerEntriesFor,
  priceUsage,
} from '@toex/costing';

const fxTable = FxTable.create([
  { from: 'USD', to: 'GBP', rate: '0.8145', date: '2026-11-01', source: 'test rate' },
]);

/** A ledger line for `characters` of Azure Translator S1 charged in GBP, with a fresh UUID. */
export function translatorLine(
  characters: number | string,
  context: Partial<LedgerContext> = {},
): LedgerEntry {
  const entry = defaultPriceCatalogue().priceAt({
    provider: 'azure',
    service: 'translator',
    sku: 'S1',
    date: '2026-11-22',
  });
  const priced = priceUsage({ entry, quantity: characters, currency: 'GBP', fxTable, date: '2026-11-22' });
  const [line] = ledgerEntriesFor(priced, {
    jobId: 'J-1',
    caseReference: 'OP-KESTREL',
    organisation: 'force-a',
    time: '2026-11-22T10:15:00Z',
    createId: randomUUID,
    quantitySource: 'client-count',
    ...context,
  });
  return line!;
}

/** Collects an async iterable. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
