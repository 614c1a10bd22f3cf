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
    ];
    for (const options of bad) {
      expect(() => createRateLimiter(options)).toThrow(
        expect.objectContaining({ name: 'ConfigurationError', setting: expect.any(String) }),
      );
    }
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
