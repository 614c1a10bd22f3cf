import { Decimal } from './decimal';
import type { LedgerEntry } from './ledger-entry';
import { Money } from './money';

/**
 * How to group ledger lines: by `case` reference, paying `organisation`, `provider`, price `sku`
 * (`provider/service/sku`), `job`, or UTC calendar `month` (`2026-11`).
 */
export type LedgerGrouping = 'case' | 'organisation' | 'provider' | 'sku' | 'job' | 'month';

/** Every {@link LedgerGrouping}. */
export const ledgerGroupings: readonly LedgerGrouping[] = [
  'case',
  'organisation',
  'provider',
  'sku',
  'job',
  'month',
];

/** The key shown for lines with no case reference. */
export const noCaseKey = '(no case)';

/** One group's totals. Groups are per currency: amounts in different currencies are never added. */
export interface LedgerSummaryRow {
  /** The group: a case reference, organisation, provider, `provider/service/sku`, job id, or `YYYY-MM`. */
  key: string;
  currency: string;
  /** Exact sum of the known costs (charges plus corrections). */
  cost: Money;
  /** Lines in the group, corrections included. */
  entries: number;
  /** Of which corrections. */
  corrections: number;
  /** Lines whose quantity is only an estimate. */
  estimatedEntries: number;
  /**
   * Lines whose usage is unknown and not yet settled by a correction. While above zero, `cost` is a
   * lower bound, not the bill.
   */
  unknownCostEntries: number;
  /** Exact consumed quantity per unit (e.g. `{ character: 233000000 }`). */
  quantities: Record<string, Decimal>;
}

function keyOf(entry: LedgerEntry, by: LedgerGrouping): string {
  switch (by) {
    case 'case':
      return entry.caseReference ?? noCaseKey;
    case 'organisation':
      return entry.organisation;
    case 'provider':
      return entry.provider;
    case 'sku':
      return `${entry.provider}/${entry.service}/${entry.sku}`;
    case 'job':
      return entry.jobId;
    case 'month':
      return entry.time.slice(0, 7);
  }
}

interface Group {
  key: string;
  currency: string;
  cost: Decimal;
  entries: number;
  corrections: number;
  estimatedEntries: number;
  unknownIds: Set<string>;
  quantities: Map<string, Decimal>;
}

/**
 * Totals ledger lines by `by` (and currency), exactly: a million one-character lines sum to the same
 * cost as one line of a million characters. Lines are streamed, so a large file is read once and not
 * held in memory. Rows are sorted by key, then currency.
 */
export async function summarise(
  entries: Iterable<LedgerEntry> | AsyncIterable<LedgerEntry>,
  by: LedgerGrouping,
): Promise<LedgerSummaryRow[]> {
  const groups = new Map<string, Group>();
  const settled = new Set<string>();
  for await (const entry of entries) {
    const key = keyOf(entry, by);
    const groupKey = `${key}\u0000${entry.currency}`;
    let group = groups.get(groupKey);
    if (group === undefined) {
      group = {
        key,
        currency: entry.currency,
        cost: Decimal.zero,
        entries: 0,
        corrections: 0,
        estimatedEntries: 0,
        unknownIds: new Set(),
        quantities: new Map(),
      };
      groups.set(groupKey, group);
    }
    group.entries += 1;
    if (entry.kind === 'correction') group.corrections += 1;
    if (entry.corrects !== undefined) settled.add(entry.corrects);
    if (entry.quantitySource === 'estimate') group.estimatedEntries += 1;
    if (entry.cost === null) group.unknownIds.add(entry.id);
    else group.cost = group.cost.add(entry.cost);
    if (entry.quantity !== null) {
      group.quantities.set(
        entry.unit,
        (group.quantities.get(entry.unit) ?? Decimal.zero).add(entry.quantity),
      );
    }
  }
  return [...groups.values()]
    .sort((a, b) => compareText(a.key, b.key) || compareText(a.currency, b.currency))
    .map((group) => ({
      key: group.key,
      currency: group.currency,
      cost: Money.of(group.cost, group.currency),
      entries: group.entries,
      corrections: group.corrections,
      estimatedEntries: group.estimatedEntries,
      unknownCostEntries: [...group.unknownIds].filter((id) => !settled.has(id)).length,
      quantities: Object.fromEntries(group.quantities),
    }));
}

/** Totals per currency over all `rows`, for a report's last line. */
export function totalsByCurrency(rows: readonly LedgerSummaryRow[]): LedgerSummaryRow[] {
  const totals = new Map<string, LedgerSummaryRow>();
  for (const row of rows) {
    const total = totals.get(row.currency);
    if (total === undefined) {
      totals.set(row.currency, { ...row, key: 'total', quantities: { ...row.quantities } });
      continue;
    }
    total.cost = total.cost.add(row.cost);
    total.entries += row.entries;
    total.corrections += row.corrections;
    total.estimatedEntries += row.estimatedEntries;
    total.unknownCostEntries += row.unknownCostEntries;
    for (const [unit, quantity] of Object.entries(row.quantities)) {
      total.quantities[unit] = (total.quantities[unit] ?? Decimal.zero).add(quantity);
    }
  }
  return [...totals.values()].sort((a, b) => compareText(a.currency, b.currency));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
