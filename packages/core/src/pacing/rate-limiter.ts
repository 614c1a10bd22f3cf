import { QueuedRateLimiter } from './queued-rate-limiter';
import type { RateRequest } from './rate-budget';
import type { RateLimiterOptions, ThrottleOptions } from './rate-limiter-options';
import type { RateLimiterStats } from './rate-limiter-stats';
import type { RatePermit } from './rate-permit';

/**
 * Paces requests to a provider's quota: sliding-window budgets on several units plus a concurrency cap,
 * with multiplicative decrease on throttling and additive recovery on success.
 *
 * Requests are served first come, first served, so a large request is never starved by small ones.
 * While the request at the head of the line waits for room, a later one may go ahead ("backfill") only
 * if that cannot delay the head: it fits now, the head will still fit when its time comes, and a
 * concurrency slot stays free for the head. This fills the slack the head cannot use, which is what
 * keeps a long job near 100% of the quota.
 */
export interface RateLimiter {
  /**
   * Waits until every budget has room for `request` and a concurrency slot is free, then spends the
   * units and returns the permit. Rejects at once with `ConfigurationError` if the request exceeds a
   * budget's whole limit (it could never be sent), and with `ToexAbortError` if `signal` aborts while
   * waiting; an aborted request spends nothing.
   */
  acquire(request: RateRequest, signal?: AbortSignal): Promise<RatePermit>;
  /**
   * Reports a 429: pauses all grants and cuts the effective limits. The throttled request's units stay
   * spent unless its permit is refunded (`RatePermit.refund`), after this call.
   */
  throttled(options?: ThrottleOptions): void;
  /** Reports a successful response: restores part of any cut and resets the backoff. */
  succeeded(): void;
  /** A snapshot of the counters. */
  stats(): RateLimiterStats;
}

/**
 * Creates a {@link RateLimiter}.
 *
 * @example
 * const limiter = createRateLimiter({
 *   budgets: [
 *     { unit: 'characters', limit: 33_300, windowMs: 60_000 },
 *     { unit: 'requests', limit: 10, windowMs: 1_000 },
 *   ],
 *   maxConcurrency: 4,
 * });
 * const permit = await limiter.acquire({ characters: 4200, requests: 1 }, signal);
 * try {
 *   await send();
 *   limiter.succeeded();
 * } catch (error) {
 *   if (isTooManyRequests(error)) {
 *     limiter.throttled({ permit, retryAfterMs: error.retryAfterMs });
 *     permit.refund(); // the provider did not count a request it refused
 *   }
 *   throw error;
 * } finally {
 *   permit.release();
 * }
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  return new QueuedRateLimiter(options);
}
