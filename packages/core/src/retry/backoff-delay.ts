/** Settings of exponential backoff with full jitter. */
export interface BackoffDelayOptions {
  /** The attempt that just failed, counting from 1. */
  attempt: number;
  /** Upper bound of the first wait, in milliseconds. */
  baseDelayMs: number;
  /** Upper bound of any wait, in milliseconds. */
  maxDelayMs: number;
  /** Returns a number in [0, 1); `Math.random` in production, a fixed or seeded one in tests. */
  random: () => number;
}

/**
 * The deterministic envelope of exponential backoff: `min(maxDelayMs, baseDelayMs × 2^(attempt − 1))`,
 * i.e. 500, 1000, 2000 … ms with the defaults. The actual wait is a random point below it.
 */
export function backoffCeilingMs(options: Omit<BackoffDelayOptions, 'random'>): number {
  return Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, options.attempt - 1));
}

/**
 * How long to wait before retrying after `attempt` failed, in whole milliseconds: exponential
 * backoff with "full jitter", `random() × backoffCeilingMs(…)`. Full jitter spreads the retries of
 * many concurrent workers hit by the same 429 or outage, instead of having them return in step.
 */
export function backoffDelayMs(options: BackoffDelayOptions): number {
  return Math.floor(options.random() * backoffCeilingMs(options));
}
