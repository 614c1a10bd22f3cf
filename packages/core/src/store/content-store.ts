/**
 * A durable map from content key (see `contentKey`) to a stored result, so that a killed job resumes
 * without paying the provider twice. Append-only: a key written again gets the new value.
 *
 * The interface is small and async so backends other than the default file (SQLite, Redis, …) can
 * implement it.
 */
export interface ContentStore<V> {
  /** The stored values of those `keys` that are present; absent keys are simply missing from the map. */
  getMany(keys: readonly string[]): Promise<Map<string, V>>;
  /**
   * Stores every entry. When the promise resolves the entries survive a crash of this process (and,
   * depending on the backend's durability setting, a power loss). Within one call, a later duplicate
   * key wins.
   */
  putMany(entries: ReadonlyArray<readonly [string, V]>): Promise<void>;
  /** Number of distinct keys stored (as far as this instance has seen). */
  readonly size: number;
  /** Finishes pending writes and releases the backend. Calling it again does nothing. */
  close(): Promise<void>;
}
