import { assertLedgerEntry, type LedgerEntry } from '@toex/costing';
import type pg from 'pg';
import { PostgresError } from './postgres-error';

/** A newly inserted line's cost, for releasing the budget it was reserved against. Internal. */
export interface InsertedCost {
  cost: string | null;
  currency: string;
}

/**
 * Inserts `entries` in order within the caller's transaction. The entry id is the key: a line already
 * stored with the same body is skipped (a retried write), a line stored with a different body is a
 * `ledger_entry_conflict` error, which rolls the whole batch back. Returns the lines actually inserted.
 * Internal.
 */
export async function insertEntries(
  client: pg.PoolClient,
  schema: string,
  database: string,
  entries: readonly LedgerEntry[],
): Promise<InsertedCost[]> {
  entries.forEach(assertLedgerEntry);
  if (entries.length === 0) return [];
  // One array parameter of JSON lines: the batch order is kept by WITH ORDINALITY, each line is stored as
  // the exact text the file ledger would write (read back byte for byte), amounts stay the exact strings
  // the entries carry (numeric for sums, never float), and any batch size needs no placeholder list.
  const lines = entries.map((entry) => JSON.stringify(entry));
  const inserted = await client.query<InsertedCost>(
    `INSERT INTO ${schema}.ledger_entries
       (id, entry_time, kind, corrects, job_id, case_reference, organisation, provider, currency, cost, line)
     SELECT e->>'id', (e->>'time')::timestamptz, e->>'kind', e->>'corrects', e->>'jobId', e->>'caseReference',
            e->>'organisation', e->>'provider', e->>'currency', (e->>'cost')::numeric, batch.line
       FROM unnest($1::text[]) WITH ORDINALITY AS batch(line, n)
       CROSS JOIN LATERAL (SELECT batch.line::jsonb AS e) parsed
      ORDER BY batch.n
     ON CONFLICT (id) DO NOTHING
     RETURNING cost, currency`,
    [lines],
  );
  if (inserted.rowCount !== entries.length) {
    const conflicts = await client.query<{ id: string }>(
      // Compared as JSON values, so key order or spacing never makes a true retry look different.
      `SELECT DISTINCT batch.line::jsonb->>'id' AS id
         FROM unnest($1::text[]) AS batch(line)
         JOIN ${schema}.ledger_entries stored ON stored.id = batch.line::jsonb->>'id'
        WHERE stored.line::jsonb <> batch.line::jsonb
        LIMIT 5`,
      [lines],
    );
    const duplicates = new Map<string, string>();
    entries.forEach((entry, index) => {
      const earlier = duplicates.get(entry.id);
      if (earlier !== undefined && earlier !== lines[index]) conflicts.rows.push({ id: entry.id });
      duplicates.set(entry.id, lines[index]!);
    });
    if (conflicts.rows.length > 0) {
      const ids = [...new Set(conflicts.rows.map((row) => row.id))].join(', ');
      throw new PostgresError({
        code: 'ledger_entry_conflict',
        database,
        message: `Ledger line id ${ids} is already stored with different content in ${database}; nothing from this batch was written. A retried write must repeat the same line; a change is a new correction line with a new id.`,
      });
    }
  }
  return inserted.rows;
}

/** Reads a stored line back into a valid `LedgerEntry`. Internal. */
export function entryFromRow(line: string): LedgerEntry {
  const entry = JSON.parse(line) as LedgerEntry;
  assertLedgerEntry(entry);
  return entry;
}
