import type { Clock } from './clock';
import type { RateBudget } from './rate-budget';
import type { RatePermit } from './rate-permit';

/** How the limiter reacts to the provider saying "too many requests" (HTTP 429). */
export interface AdaptiveRateOptions {
  /** Each throttle multiplies the effective limits by this factor, in (0, 1). Default 0.7. */
  decreaseFactor?: number;
  /** Effective limits never drop below this fraction of the configured ones, in (0, 1]. Default 0.1. */
  minimumFraction?: number;
  /**
   * Each `RateLimiter.succeeded` call adds back this fraction of the configured limits, until they
   * are whole again. In (0, 1]. Default 0.05: twenty successes recover from any cut.
   */
  increaseFraction?: number;
  /**
   * Pause in milliseconds after a throttle that gave no `retryAfterMs`; doubles with each throttle in a
   * row (no success in between), up to `maxBackoffMs`. Default 5,000.
   */
  defaultBackoffMs?: number;
  /** Longest pause in milliseconds, also capping `retryAfterMs`. Default 60,000. */
  maxBackoffMs?: number;
}

/** Options of `createRateLimiter`. */
export interface RateLimiterOptions {
  /** Every budget must have room before a request is granted. May be empty (concurrency only). */
  budgets: readonly RateBudget[];
  /** Most permits held at once (requests in flight). A positive integer; default unlimited. */
  maxConcurrency?: number;
  /** Time source; the system clock by default, a `createSimulatedClock` in tests. */
  clock?: Clock;
  /** Reaction to throttling; see {@link AdaptiveRateOptions} for the defaults. */
  adaptive?: AdaptiveRateOptions;
  /**
   * When a request's units start to count against the budgets' windows, and so when they leave them.
   *
   * - `'grant'` (default): when the permit is granted; they leave a window `windowMs` after the grant.
   * - `'release'`: while the permit is held they count against every window; from its release on they
   *   count as if spent at the release, and leave a window `windowMs` after it.
   *
   * Use `'release'` for a provider that counts a request when it reaches it (Azure Translator's
   * characters-per-minute quota). A request granted at `t` reaches the provider some time later, so
   * counting from `t` frees room before the provider's own window does, and a request sent at the edge
   * of the window is refused with a 429. The answer comes after the provider counted the request, so
   * counting from the release (when the answer is in) never frees room early; it costs one request
   * latency per window. Every permit must then be released, or its units are held forever.
   */
  countUnitsFrom?: 'grant' | 'release';
}

/** Options of `RateLimiter.throttled`. */
export interface ThrottleOptions {
  /** The provider's `Retry-After`, in milliseconds; absent when it sent none. */
  retryAfterMs?: number;
  /**
   * The permit of the request that was throttled. When given, a throttle of a request granted before
   * the last cut extends the pause but does not cut again: it was sent at the old rate, so several
   * requests in flight answering 429 together count as one signal.
   */
  permit?: RatePermit;
}
