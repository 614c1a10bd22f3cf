import type { RateLimiter, RatePermit } from '@toex/core';

/**
 * One limiter out of two taken in turn: the job's own (its cap on requests in flight) first, then a
 * shared one (the quota every process pacing the same key shares). The shared limiter is asked only once
 * the job has a slot, so a job never holds shared quota it cannot send yet. Throttling (429) and
 * successes are reported to the shared limiter, which is where the quota lives.
 */
export function chainRateLimiters(local: RateLimiter, shared: RateLimiter): RateLimiter {
  const sharedPermits = new WeakMap<RatePermit, RatePermit>();
  return {
    async acquire(request, signal) {
      const slot = await local.acquire(request, signal);
      let granted: RatePermit;
      try {
        granted = await shared.acquire(request, signal);
      } catch (error) {
        slot.release();
        throw error;
      }
      const permit: RatePermit = {
        grantedAt: granted.grantedAt,
        waitedMs: slot.waitedMs + granted.waitedMs,
        release() {
          granted.release();
          slot.release();
        },
        refund() {
          granted.refund();
          slot.release();
        },
      };
      sharedPermits.set(permit, granted);
      return permit;
    },
    throttled(options) {
      const permit = options?.permit === undefined ? undefined : sharedPermits.get(options.permit);
      shared.throttled({
        ...(options?.retryAfterMs === undefined ? {} : { retryAfterMs: options.retryAfterMs }),
        ...(permit === undefined ? {} : { permit }),
      });
    },
    succeeded() {
      shared.succeeded();
    },
    stats() {
      return shared.stats();
    },
  };
}
