import { assertLedgerEntry, type Ledger } from './ledger';
import type { LedgerEntry } from './ledger-entry';

/** A ledger held in memory: for tests, dry runs, and as the template for database-backed ledgers. */
export interface MemoryLedger extends Ledger {
  /** The lines so far, in order. */
  snapshot(): readonly LedgerEntry[];
}

/** Creates an in-memory {@link Ledger}, optionally holding `initial` lines. */
export function createMemoryLedger(initial: readonly LedgerEntry[] = []): MemoryLedger {
  initial.forEach(assertLedgerEntry);
  const lines: LedgerEntry[] = [...initial];
  return {
    async append(entries) {
      entries.forEach(assertLedgerEntry);
      lines.push(...entries);
    },
    async *entries() {
      yield* lines;
    },
    snapshot() {
      return [...lines];
    },
  };
}
