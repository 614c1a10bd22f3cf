/** One entry, linked from the most to the least recently used. */
interface Entry<V> {
  key: string;
  value: V;
  newer: Entry<V> | undefined;
  older: Entry<V> | undefined;
}

/**
 * A bounded least-recently-used map. Dedupe keeps recently finished translations here so repeated
 * messages ("ok", "jaja", "¿dónde estás?") are served without a store lookup, while memory stays
 * bounded however long the job runs; the content store holds everything else.
 *
 * Recency is kept in a linked list beside the `Map`, so every operation is O(1). (Re-inserting into the
 * `Map` to mark use and evicting its first key looked simpler but was not: V8 leaves a hole per delete at
 * the front of the table, and each `keys().next()` walked over all of them, which made this the slowest
 * step of a large job.)
 */
export class RecentResults<V> {
  private readonly map = new Map<string, Entry<V>>();
  private newest: Entry<V> | undefined;
  private oldest: Entry<V> | undefined;

  constructor(private readonly capacity: number) {}

  /** True when `key` is held; unlike `get`, does not count as a use. */
  has(key: string): boolean {
    return this.map.has(key);
  }

  get(key: string): V | undefined {
    const entry = this.map.get(key);
    if (entry === undefined) return undefined;
    this.markUsed(entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    const existing = this.map.get(key);
    if (existing !== undefined) {
      existing.value = value;
      this.markUsed(existing);
      return;
    }
    const entry: Entry<V> = { key, value, newer: undefined, older: this.newest };
    if (this.newest !== undefined) this.newest.newer = entry;
    this.newest = entry;
    this.oldest ??= entry;
    this.map.set(key, entry);
    if (this.map.size > this.capacity) this.evictOldest();
  }

  get size(): number {
    return this.map.size;
  }

  private markUsed(entry: Entry<V>): void {
    if (entry === this.newest) return;
    this.unlink(entry);
    entry.older = this.newest;
    entry.newer = undefined;
    if (this.newest !== undefined) this.newest.newer = entry;
    this.newest = entry;
    this.oldest ??= entry;
  }

  private evictOldest(): void {
    const oldest = this.oldest;
    if (oldest === undefined) return;
    this.unlink(oldest);
    this.map.delete(oldest.key);
  }

  private unlink(entry: Entry<V>): void {
    if (entry.newer === undefined) this.newest = entry.older;
    else entry.newer.older = entry.older;
    if (entry.older === undefined) this.oldest = entry.newer;
    else entry.older.newer = entry.newer;
    entry.newer = undefined;
    entry.older = undefined;
  }
}
