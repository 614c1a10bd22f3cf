import { describe, expect, it } from 'vitest';
import { ToexAbortError } from '../errors/abort-error';
import { ConfigurationError } from '../errors/configuration-error';
import { systemClock } from './clock';
import { createRateLimiter } from './rate-limiter';
import type { RatePermit } from './rate-permit';
import { createSimulatedClock } from './simulated-clock';

/** Records when each acquire resolves, in simulated time. */
function track(promise: Promise<RatePermit>, clock: { now(): number }) {
  const state: { grantedAt?: number; permit?: RatePermit; error?: unknown } = {};
  promise.then(
    (permit) => {
      state.grantedAt = clock.now();
      state.permit = permit;
    },
    (error: unknown) => {
      state.error = error;
    },
  );
  return state;
}

describe('createRateLimiter', () => {
  it('grants at once while the window has room, then waits for the oldest units to slide out', async () => {
    const clock = createSimulatedClock();
    const limiter = createRateLimiter({
      budgets: [{ unit: 'characters', limit: 100, windowMs: 1_000 }],
      clock,
    });

    const first = track(limiter.acquire({ characters: 60 }), clock);
    await clock.advanceBy(400);
    const second = track(limiter.acquire({ characters: 30 }), clock);
    const third = track(limiter.acquire({ characters: 50 }), clock);
    await clock.runAll();

    expect(first.grantedAt).toBe(0);
    expect(second.grantedAt).toBe(400);
    // 90 in the window; 50 more fit only once the 60 granted at t=0 have left it (strictly after 1,000 ms).
    expect(third.grantedAt).toBe(1_001);
    expect(third.permit?.waitedMs).toBe(601);
  });

  it('needs every budget to have room: characters per minute and requests per second', async () => {
    const clock = createSimulatedClock();
    const limiter = createRateLimiter({
      budgets: [
        { unit: 'characters', limit: 33_300, windowMs: 60_000 },
        { unit: 'requests', limit: 2, windowMs: 1_000 },
      ],
      clock,
    });
    const grants = [1, 2, 3, 4].map(() => track(limiter.acquire({ characters: 100, requests: 1 }), clock));
    await clock.runAll();
    expect(grants.map((grant) => grant.grantedAt)).toEqual([0, 0, 1_001, 1_001]);
  });

  it('serves requests in arrival order, so a large request is not starved by a stream of small ones', async () => {
    const clock = createSimulatedClock();
    const limiter = createRateLimiter({
      budgets: [{ unit: 'characters', limit: 100, windowMs: 1_000 }],
      clock,
    });
    track(limiter.acquire({ characters: 90 }), clock);
    const large = track(limiter.acquire({ characters: 100 }), clock);
    const small = track(limiter.acquire({ characters: 5 }), clock);
    await clock.runAll();
    // The small one would have fitted at once, but it queued behind the large one.
    expect(large.grantedAt).toBe(1_001);
    expect(small.grantedAt).toBe(2_002);
  });

  it('lets a later request use slack the waiting head cannot, but only when that does not delay the head', async () => {
    const clock = createSimulatedClock();
    const limiter = createRateLimiter({
      budgets: [{ unit: 'characters', limit: 100, windowMs: 1_000 }],
      clock,
    });
    track(limiter.acquire({ characters: 50 }), clock);
    await clock.advanceBy(500);
    track(limiter.acquire({ characters: 20 }), clock);
    // 70 in the window. The head needs 60: ready at 1,001 when the first 50 leave, with 20 to spare then.
    const head = track(limiter.acquire({ characters: 60 }), clock);
    const tooBig = track(limiter.acquire({ characters: 25 }), clock); // fits now, but would delay the head
    const small = track(limiter.acquire({ characters: 10 }), clock); // fits now and leaves the head on time
    await clock.runAll();
    expect(small.grantedAt).toBe(500);
    expect(head.grantedAt).toBe(1_001);
    expect(tooBig.grantedAt).toBe(1_501);
    expect(limiter.stats().backfilledGrants).toBe(1);
  });

  it('rejects at once a request larger than a whole budget, naming the budget and the packer', async () => {
    const limiter = createRateLimiter({
      budgets: [{ unit: 'characters', limit: 33_300, windowMs: 60_000 }],
      clock: createSimulatedClock(),
    });
    const error = await limiter.acquire({ characters: 45_099 }).catch((caught: unknown) => caught);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as ConfigurationError).code).toBe('request_exceeds_rate_budget');
    expect((error as ConfigurationError).setting).toBe('budgets[0]');
    expect((error as Error).message).toContain('45,099 characters');
    expect((error as Error).message).toContain('33,300 characters per 60,000 ms');
    expect((error as Error).message).toContain('packer must keep each request under 33,300 characters');
  });

  it('rejects negative or non-finite amounts', async () => {
    const limiter = createRateLimiter({ budgets: [], clock: createSimulatedClock() });
    await expect(limiter.acquire({ characters: -1 })).rejects.toSatisfy(ConfigurationError.isInstance);
    await expect(limiter.acquire({ characters: Number.NaN })).rejects.toSatisfy(
      ConfigurationError.isInstance,
    );
  });

  it('does not limit units that have no budget', async () => {
    const clock = createSimulatedClock();
    const limiter = createRateLimiter({ budgets: [{ unit: 'requests', limit: 1, windowMs: 1_000 }], clock });
    const grant = track(limiter.acquire({ requests: 1, characters: 1e9 }), clock);
    await clock.runAll();
    expect(grant.grantedAt).toBe(0);
  });

  it('aborts a waiting request, frees its place in line and spends none of its budget', async () => {
    const clock = createSimulatedClock();
    const limiter = createRateLimiter({
      budgets: [{ unit: 'characters', limit: 100, windowMs: 1_000 }],
      clock,
    });
    track(limiter.acquire({ characters: 100 }), clock);
    const controller = new AbortController();
    const aborted = track(limiter.acquire({ characters: 100 }, controller.signal), clock);
    const behind = track(limiter.acquire({ characters: 100 }), clock);
    await clock.advanceBy(500);
    controller.abort(new Error('user pressed Ctrl-C'));
    await clock.runAll();

    expect(ToexAbortError.isInstance(aborted.error)).toBe(true);
    expect((aborted.error as Error).cause).toEqual(new Error('user pressed Ctrl-C'));
    expect(behind.grantedAt).toBe(1_001);
    const stats = limiter.stats();
    expect(stats.budgets[0]?.unitsGranted).toBe(200);
    expect(stats.queued).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const limiter = createRateLimiter({ budgets: [], clock: createSimulatedClock() });
    await expect(limiter.acquire({}, AbortSignal.abort())).rejects.toSatisfy(ToexAbortError.isInstance);
    expect(limiter.stats().queued).toBe(0);
  });

  it('caps the permits held at once; a release lets the next request in', async () => {
    const clock = createSimulatedClock();
    const limiter = createRateLimiter({ budgets: [], maxConcurrency: 2, clock });
    const first = track(limiter.acquire({}), clock);
    const second = track(limiter.acquire({}), clock);
    const third = track(limiter.acquire({}), clock);
    await clock.advanceBy(10);
    expect(third.permit).toBeUndefined();
    first.permit?.release();
    first.permit?.release(); // a second release must not free a second slot
    const fourth = track(limiter.acquire({}), clock);
    await clock.advanceBy(10);
    expect(third.grantedAt).toBe(10);
    expect(fourth.permit).toBeUndefined();
    second.permit?.release();
    await clock.advanceBy(10);
    expect(fourth.grantedAt).toBe(20);
    expect(limiter.stats().maxActive).toBe(2);
  });

  it('pauses every grant for Retry-After after a 429, cuts the limits, and recovers them on success', async () => {
    const clock = createSimulatedClock();
    const limiter = createRateLimiter({
      budgets: [{ unit: 'characters', limit: 1_000, windowMs: 1_000 }],
      clock,
      adaptive: { decreaseFactor: 0.5, increaseFraction: 0.25 },
    });
    const first = track(limiter.acquire({ characters: 100 }), clock);
    await clock.advanceBy(100);
    limiter.throttled({ retryAfterMs: 2_000, permit: first.permit });
    expect(limiter.stats().budgets[0]?.effectiveLimit).toBe(500);
    expect(limiter.stats().pausedUntil).toBe(2_100);

    const second = track(limiter.acquire({ characters: 100 }), clock);
    await clock.runAll();
    expect(second.grantedAt).toBe(2_100);

    limiter.succeeded();
    limiter.succeeded();
    expect(limiter.stats().budgets[0]?.effectiveLimit).toBe(1_000);
    limiter.succeeded(); // never above the configured limit
    expect(limiter.stats().limitFraction).toBe(1);
  });

  it('counts 429s from requests already in flight before the cut as one signal', async () => {
    const clock = createSimulatedClock();
    const limiter = createRateLimiter({
      budgets: [{ unit: 'requests', limit: 100, windowMs: 1_000 }],
      clock,
      adaptive: { decreaseFactor: 0.5 },
    });
    const inFlight = [1, 2, 3].map(() => track(limiter.acquire({ requests: 1 }), clock));
    await clock.advanceBy(0);
    for (const request of inFlight) limiter.throttled({ permit: request.permit, retryAfterMs: 100 });
    expect(limiter.stats().limitFraction).toBe(0.5);

    // A request sent after the cut that is throttled again is a new signal.
    await clock.advanceBy(100);
    const later = track(limiter.acquire({ requests: 1 }), clock);
    await clock.advanceBy(0);
    limiter.throttled({ permit: later.permit });
    expect(limiter.stats().limitFraction).toBe(0.25);
  });

  it('backs off exponentially on repeated throttles without Retry-After, up to the maximum', () => {
    const clock = createSimulatedClock();
    const limiter = createRateLimiter({
      budgets: [],
      clock,
      adaptive: { defaultBackoffMs: 1_000, maxBackoffMs: 3_000 },
    });
    limiter.throttled();
    expect(limiter.stats().pausedUntil).toBe(1_000);
    // Throttles during the pause are echoes: no further cut, no longer pause.
    limiter.throttled();
    expect(limiter.stats().pausedUntil).toBe(1_000);
    expect(limiter.stats().limitFraction).toBeCloseTo(0.7);
    return clock.advanceTo(1_000).then(() => {
      limiter.throttled();
      expect(limiter.stats().pausedUntil).toBe(3_000);
      limiter.succeeded();
      expect(limiter.stats().limitFraction).toBeCloseTo(0.49 + 0.05);
    });
  });

  it('still grants a request bigger than the cut limit, once its window is empty', async () => {
    const clock = createSimulatedClock();
    const limiter = createRateLimiter({
      budgets: [{ unit: 'characters', limit: 1_000, windowMs: 1_000 }],
      clock,
      adaptive: { decreaseFactor: 0.5, minimumFraction: 0.5 },
    });
    track(limiter.acquire({ characters: 100 }), clock);
    limiter.throttled({ retryAfterMs: 0 });
    const large = track(limiter.acquire({ characters: 900 }), clock);
    await clock.runAll();
    expect(large.grantedAt).toBe(1_001);
  });

  it('refuses invalid settings with a ConfigurationError naming the setting', () => {
    const bad = [
      { budgets: [{ unit: 'characters', limit: 0, windowMs: 1_000 }] },
      { budgets: [{ unit: 'characters', limit: 10, windowMs: Number.NaN }] },
      { budgets: [{ unit: '', limit: 10, windowMs: 1_000 }] },
      { budgets: [], maxConcurrency: 0 },
      { budgets: [], maxConcurrency: 1.5 },
      { budgets: [], adaptive: { decreaseFactor: 1 } },
      { budgets: [], countUnitsFrom: 'arrival' as 'grant' },
    ];
    for (const options of bad) {
      expect(() => createRateLimiter(options)).toThrow(
        expect.objectContaining({ name: 'ConfigurationError', setting: expect.any(String) }),
      );
    }
  });
});

/**
 * A provider that counts a request's units when it arrives, over a sliding window with the limiter's closed
 * edge (an arrival at `t` leaves once `now - t > windowMs`), and refuses a request that does not fit (a 429),
 * counting nothing. Azure Translator's characters-per-minute quota works so.
 */
function arrivalCountingProvider(limit: number, windowMs: number) {
  const arrivals: Array<{ atMs: number; units: number }> = [];
  return {
    arrive(units: number, atMs: number): boolean {
      const inWindow = arrivals
        .filter((arrival) => atMs - arrival.atMs <= windowMs)
        .reduce((sum, arrival) => sum + arrival.units, 0);
      if (inWindow + units > limit) return false;
      arrivals.push({ atMs, units });
      return true;
    },
  };
}

describe('createRateLimiter: when units count, and refunds', () => {
  it("with countUnitsFrom 'release', counts a held permit's units in every window and frees them a window after release", async () => {
    const clock = createSimulatedClock();
    const limiter = createRateLimiter({
      budgets: [{ unit: 'characters', limit: 100, windowMs: 1_000 }],
      clock,
      countUnitsFrom: 'release',
    });
    const first = track(limiter.acquire({ characters: 60 }), clock);
    const second = track(limiter.acquire({ characters: 50 }), clock);
    await clock.advanceBy(1_500);
    // Counted from the grant, the 60 would have left at 1,001; held, they still count.
    expect(second.permit).toBeUndefined();
    expect(limiter.stats().budgets[0]?.unitsInWindow).toBe(60);
    await clock.advanceTo(2_000);
    first.permit?.release();
    await clock.runAll();
    expect(first.grantedAt).toBe(0);
    expect(second.grantedAt).toBe(3_001);
    expect(clock.pendingTimers).toBe(0);
  });

  it("never frees room before a provider that counts on arrival does, with countUnitsFrom 'release' (and does, counting from the grant)", async () => {
    const refusals = async (countUnitsFrom: 'grant' | 'release') => {
      const clock = createSimulatedClock();
      const limiter = createRateLimiter({
        budgets: [{ unit: 'characters', limit: 60_000, windowMs: 60_000 }],
        maxConcurrency: 4,
        clock,
        countUnitsFrom,
      });
      const provider = arrivalCountingProvider(60_000, 60_000);
      let refused = 0;
      // Two requests fill each minute. The first takes 400 ms to reach the provider (a new connection),
      // the others 20 ms; each answer comes 150 ms after arrival.
      const send = async (index: number) => {
        const permit = await limiter.acquire({ characters: 30_000 });
        await clock.sleep(index === 0 ? 400 : 20);
        const accepted = provider.arrive(30_000, clock.now());
        await clock.sleep(150);
        if (accepted) {
          limiter.succeeded();
        } else {
          refused++;
          limiter.throttled({ permit, retryAfterMs: 1_000 });
        }
        permit.release();
      };
      const done = Promise.all([0, 1, 2, 3, 4, 5].map(send));
      await clock.runAll();
      await done;
      return refused;
    };
    // Counted from the grant, the limiter's window frees the first request's units 380 ms before the
    // provider's: the next request granted at the edge is refused.
    expect(await refusals('grant')).toBeGreaterThan(0);
    expect(await refusals('release')).toBe(0);
  });

  it('gives a refused request its units back, so the retry waits for Retry-After and not for a window', async () => {
    const run = async (refund: boolean) => {
      const clock = createSimulatedClock();
      const limiter = createRateLimiter({
        budgets: [{ unit: 'characters', limit: 100, windowMs: 1_000 }],
        clock,
        countUnitsFrom: 'release',
        adaptive: { decreaseFactor: 0.5 },
      });
      const accepted = track(limiter.acquire({ characters: 20 }), clock);
      const refused = track(limiter.acquire({ characters: 30 }), clock);
      await clock.advanceBy(150);
      accepted.permit?.release();
      limiter.throttled({ retryAfterMs: 200, ...(refused.permit ? { permit: refused.permit } : {}) });
      if (refund) refused.permit?.refund();
      refused.permit?.release();
      // The limit is cut to 50: 20 in the window leaves room for the retry's 30, 50 does not.
      const retried = track(limiter.acquire({ characters: 30 }), clock);
      await clock.runAll();
      return { retried, stats: limiter.stats() };
    };
    const { retried, stats } = await run(true);
    expect(retried.grantedAt).toBe(350);
    expect(stats.refunds).toBe(1);
    expect(stats.budgets[0]).toMatchObject({ unitsGranted: 80, unitsRefunded: 30, effectiveLimit: 50 });
    // Kept, the refused 30 stay in the window for a second after the 429.
    expect((await run(false)).retried.grantedAt).toBe(1_151);
  });

  it('refunds units counted from the grant out of the middle of the window', async () => {
    const clock = createSimulatedClock();
    const limiter = createRateLimiter({
      budgets: [{ unit: 'characters', limit: 100, windowMs: 1_000 }],
      clock,
    });
    track(limiter.acquire({ characters: 40 }), clock);
    await clock.advanceBy(10);
    const refunded = track(limiter.acquire({ characters: 30 }), clock);
    await clock.advanceBy(10);
    track(limiter.acquire({ characters: 20 }), clock);
    await clock.advanceBy(10);
    refunded.permit?.refund();
    const fits = track(limiter.acquire({ characters: 40 }), clock);
    // 100 in the window (40@0, 20@20, 40@30): 50 more need the 40 and the 20 to leave, not the refunded 30.
    const waits = track(limiter.acquire({ characters: 50 }), clock);
    await clock.runAll();
    expect(fits.grantedAt).toBe(30);
    expect(waits.grantedAt).toBe(1_021);
    expect(limiter.stats().budgets[0]).toMatchObject({ unitsGranted: 180, unitsRefunded: 30 });
  });

  it('frees the concurrency slot once, whether refund comes before or after release', async () => {
    const clock = createSimulatedClock();
    const limiter = createRateLimiter({
      budgets: [{ unit: 'characters', limit: 100, windowMs: 1_000 }],
      maxConcurrency: 1,
      clock,
    });
    const first = track(limiter.acquire({ characters: 10 }), clock);
    const second = track(limiter.acquire({ characters: 10 }), clock);
    const third = track(limiter.acquire({ characters: 10 }), clock);
    await clock.advanceBy(10);
    first.permit?.refund();
    first.permit?.release();
    first.permit?.refund();
    await clock.advanceBy(10);
    expect(second.grantedAt).toBe(10);
    expect(third.permit).toBeUndefined();
    expect(limiter.stats()).toMatchObject({ active: 1, refunds: 1 });
    second.permit?.release();
    second.permit?.refund(); // after release: the units go back, the slot is not freed twice
    await clock.advanceBy(10);
    expect(third.grantedAt).toBe(20);
    expect(limiter.stats()).toMatchObject({ active: 1, refunds: 2 });
    expect(limiter.stats().budgets[0]).toMatchObject({ unitsInWindow: 10, unitsRefunded: 20 });
  });
});

describe('systemClock', () => {
  it('rejects a pending sleep as soon as its signal aborts', async () => {
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toSatisfy(ToexAbortError.isInstance);
  });

  it('is monotonic', () => {
    const first = systemClock.now();
    expect(systemClock.now()).toBeGreaterThanOrEqual(first);
  });
});
