import { csvField, csvLine } from './csv-field';
import type { LedgerEntry } from './ledger-entry';
import type { LedgerSummaryRow } from './summarise-ledger';

/** Columns of the plain ledger CSV, in order: every ledger field, `tags` as a JSON object. */
export const ledgerCsvColumns = [
  'id',
  'time',
  'kind',
  'corrects',
  'reason',
  'jobId',
  'caseReference',
  'organisation',
  'provider',
  'service',
  'sku',
  'meterId',
  'description',
  'quantity',
  'unit',
  'quantitySource',
  'clientQuantity',
  'reportedQuantity',
  'priceUnit',
  'unitSize',
  'unitPrice',
  'pricingUnitPrice',
  'pricingCurrency',
  'fxRate',
  'fxRateDate',
  'fxRateSource',
  'cost',
  'currency',
  'tier',
  'priceEntryId',
  'catalogueVersion',
  'priceConfidence',
  'tags',
] as const satisfies readonly (keyof LedgerEntry)[];

// Free text typed by people; these get spreadsheet-formula protection. Amounts never do: "-4.48" must stay a number.
const textColumns = new Set<string>(['reason', 'jobId', 'caseReference', 'organisation', 'description']);

function row(entry: LedgerEntry): string {
  return csvLine(
    ledgerCsvColumns.map((column) => {
      const value = entry[column];
      if (column === 'tags') return csvField(value === undefined ? '' : JSON.stringify(value));
      return csvField(value as string | number | null | undefined, textColumns.has(column));
    }),
  );
}

/**
 * Ledger lines as CSV lines (header first), streamed: amounts are exact plain decimals, times ISO-8601
 * UTC, unknown amounts empty. Text people typed is protected against spreadsheet formula injection.
 */
export async function* csvLines(
  entries: Iterable<LedgerEntry> | AsyncIterable<LedgerEntry>,
): AsyncGenerator<string> {
  yield csvLine([...ledgerCsvColumns]);
  for await (const entry of entries) yield row(entry);
}

/** Ledger lines as one CSV string; see {@link csvLines} for large ledgers. */
export function toCsv(entries: Iterable<LedgerEntry>): string {
  let text = csvLine([...ledgerCsvColumns]);
  for (const entry of entries) text += row(entry);
  return text;
}

/**
 * Summary rows as CSV: `key,currency,cost,entries,corrections,estimatedEntries,unknownCostEntries,quantities`.
 * Cost is exact (unrounded); quantities are a JSON object per unit.
 */
export function summaryToCsv(rows: readonly LedgerSummaryRow[], keyColumn = 'key'): string {
  let text = csvLine([
    keyColumn,
    'currency',
    'cost',
    'entries',
    'corrections',
    'estimatedEntries',
    'unknownCostEntries',
    'quantities',
  ]);
  for (const summary of rows) {
    const quantities = Object.fromEntries(
      Object.entries(summary.quantities).map(([unit, quantity]) => [unit, quantity.toString()]),
    );
    text += csvLine([
      csvField(summary.key, true),
      summary.currency,
      summary.cost.amount.toString(),
      String(summary.entries),
      String(summary.corrections),
      String(summary.estimatedEntries),
      String(summary.unknownCostEntries),
      csvField(JSON.stringify(quantities)),
    ]);
  }
  return text;
}
