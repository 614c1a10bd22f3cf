import { resolve } from 'node:path';
import { type Ledger, openFileLedger, type SkippedLedgerLine } from '@toex/costing';

/** A ledger opened from a `--ledger` value, with what to call it in messages and how to let it go. */
export interface OpenedLedger {
  ledger: Ledger;
  /** The file path as given, or the database URL with its password redacted. */
  name: string;
  /** Ends the database pool; nothing to do for a file. */
  close(): Promise<void>;
}

/** Matches a `--ledger` value naming a PostgreSQL database rather than a file. */
export const databaseUrlPattern = /^postgres(?:ql)?:\/\//i;

/**
 * Opens the ledger a `--ledger` value names: a `postgres://` or `postgresql://` URL opens the PostgreSQL
 * ledger of `@toex/service` (loaded only then, so file users do not load the service stack); anything
 * else is a JSON-lines file relative to `cwd`. `create: false` refuses a missing file (reports).
 */
export async function openLedger(
  spec: string,
  cwd: string,
  options: { create?: boolean; onSkippedLine?: (line: SkippedLedgerLine) => void } = {},
): Promise<OpenedLedger> {
  if (databaseUrlPattern.test(spec)) {
    const { createPostgresLedger } = await import('@toex/service');
    const ledger = createPostgresLedger(spec);
    return { ledger, name: ledger.database, close: () => ledger.close() };
  }
  const ledger = await openFileLedger(resolve(cwd, spec), {
    ...(options.create === undefined ? {} : { create: options.create }),
    ...(options.onSkippedLine === undefined ? {} : { onSkippedLine: options.onSkippedLine }),
  });
  return { ledger, name: spec, close: async () => undefined };
}
