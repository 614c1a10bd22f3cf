import type { EntityType, Finding } from '../finding';

/** One indexed value: where a normalised identifier (or keyword) was seen across rows. */
export interface EntityIndexEntry {
  type: EntityType;
  normalized: string;
  /** Findings of it, all rows together. */
  count: number;
  /** 1-based data rows it was found in, ascending, each once. */
  rows: number[];
  /** First and last row it was seen in; with `seenAt` labels (e.g. timestamps), the earliest and latest. */
  firstSeen: string;
  lastSeen: string;
}

/**
 * An index across rows: normalised value → count, rows, first and last seen. Feed rows in order with
 * {@link EntityIndex.add}; `seenAt` is the row's timestamp when the input has one (compared as text, so
 * ISO-8601 sorts correctly), else the row number is used.
 */
export class EntityIndex {
  readonly #entries = new Map<string, EntityIndexEntry>();

  /** Adds one row's findings. `row` is 1-based. */
  add(row: number, findings: readonly Finding[], seenAt?: string): void {
    const label = seenAt === undefined || seenAt === '' ? `row ${row}` : seenAt;
    for (const finding of findings) {
      const key = `${finding.type}\u0000${finding.normalized}`;
      let entry = this.#entries.get(key);
      if (entry === undefined) {
        entry = {
          type: finding.type,
          normalized: finding.normalized,
          count: 0,
          rows: [],
          firstSeen: label,
          lastSeen: label,
        };
        this.#entries.set(key, entry);
      }
      entry.count++;
      if (entry.rows[entry.rows.length - 1] !== row) entry.rows.push(row);
      if (seenAt !== undefined && seenAt !== '') {
        if (label < entry.firstSeen || entry.firstSeen.startsWith('row ')) entry.firstSeen = label;
        if (label > entry.lastSeen || entry.lastSeen.startsWith('row ')) entry.lastSeen = label;
      } else {
        entry.lastSeen = label;
      }
    }
  }

  /** Every entry, most frequent first, then by type and value. */
  entries(): EntityIndexEntry[] {
    return [...this.#entries.values()].sort(
      (a, b) => b.count - a.count || a.type.localeCompare(b.type) || a.normalized.localeCompare(b.normalized),
    );
  }
}
