import { z } from 'zod';
import { invalidArgument } from './invalid-argument';
import { type LedgerEntry, ledgerEntrySchema } from './ledger-entry';

/**
 * Where ledger lines are kept. Append-only by design: there is no update or delete, so history cannot
 * be rewritten and corrections are new lines. The built-in implementation is a local JSON-lines file
 * ({@link openFileLedger}); a database can implement the same two methods later.
 */
export interface Ledger {
  /** Appends `entries` in order. Each line is validated first; nothing is written if any is invalid. */
  append(entries: readonly LedgerEntry[]): Promise<void>;
  /** Every line, in the order appended. */
  entries(): AsyncIterable<LedgerEntry>;
}

/**
 * Throws a `ToexError` (`invalid_argument`) naming the field when `entry` is not a valid ledger line.
 * Ledgers call it on every append so a bad line never reaches storage.
 */
export function assertLedgerEntry(entry: LedgerEntry): void {
  const parsed = ledgerEntrySchema.safeParse(entry);
  if (!parsed.success) {
    throw invalidArgument(`Ledger line ${String(entry.id)} is not valid:\n${z.prettifyError(parsed.error)}`);
  }
}
