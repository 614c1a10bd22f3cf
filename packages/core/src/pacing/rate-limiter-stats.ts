/** One budget's counters in {@link RateLimiterStats}. */
export interface RateBudgetStats {
  unit: string;
  windowMs: number;
  /** The configured limit. */
  limit: number;
  /** The limit enforced now, lower than `limit` after throttling. */
  effectiveLimit: number;
  /** Units granted since the limiter was created, refunded ones included. */
  unitsGranted: number;
  /** Units taken back by `RatePermit.refund` since the limiter was created. */
  unitsRefunded: number;
  /** Units counted within the current window, those of permits still held included. */
  unitsInWindow: number;
}

/** Counters for benchmarks and progress displays. Times are in milliseconds. */
export interface RateLimiterStats {
  /** Per budget, in the order configured. */
  budgets: RateBudgetStats[];
  /** Permits granted. */
  grants: number;
  /** Permits that had to wait in the queue. */
  waitedGrants: number;
  /** Permits granted ahead of a waiting, larger request (see `RateLimiter`). */
  backfilledGrants: number;
  /** Time all granted requests spent waiting, summed. */
  totalWaitMs: number;
  /** Longest single wait. */
  maxWaitMs: number;
  /** Requests waiting now. */
  queued: number;
  /** Permits held now. */
  active: number;
  /** Most permits ever held at once. */
  maxActive: number;
  /** Calls to `RateLimiter.throttled`. */
  throttles: number;
  /** Permits refunded (`RatePermit.refund`). */
  refunds: number;
  /** Effective limits as a fraction of the configured ones, in (0, 1]. */
  limitFraction: number;
  /** Clock time until which grants are paused; absent when not paused. */
  pausedUntil?: number;
}
