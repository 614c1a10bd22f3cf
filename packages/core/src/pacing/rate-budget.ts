/**
 * How many units of one kind may be spent in any sliding window of `windowMs` milliseconds, e.g.
 * `{ unit: 'characters', limit: 33_300, windowMs: 60_000 }` for Azure Translator F0 (2M characters an
 * hour, consumed evenly), or `{ unit: 'requests', limit: 10, windowMs: 1_000 }`.
 */
export interface RateBudget {
  /**
   * What is counted: `characters`, `requests`, `audioSeconds`, or any name the caller uses as a key in
   * {@link RateRequest}. Several budgets may share a unit (33,300 characters a minute and 2M an hour).
   */
  readonly unit: string;
  /** Most units granted within any window; a positive number. */
  readonly limit: number;
  /** Window length in milliseconds; a positive number. */
  readonly windowMs: number;
}

/**
 * Units one request will spend, by unit name: `{ characters: 4200, requests: 1 }`. Units with no
 * matching {@link RateBudget} are not limited; absent units count as 0.
 */
export type RateRequest = Readonly<Record<string, number>>;
