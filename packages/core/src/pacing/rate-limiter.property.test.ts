import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error';
import type { RateBudget } from './rate-budget';
import { createRateLimiter, type RateLimiter } from './rate-limiter';
import { createSimulatedClock, type SimulatedClock } from './simulated-clock';

interface Grant {
  atMs: number;
  amounts: Record<string, number>;
  /** When the permit was released; absent while held. */
  releasedAtMs?: number;
  /** The permit was refunded: its units never counted. */
  refunded?: boolean;
}

type CountUnitsFrom = 'grant' | 'release';

/**
 * The most units counted within any closed interval of `windowMs`, as the limiter promises to count them.
 * Counting from the grant, a grant's units sit at its grant time. Counting from the release, they may sit
 * anywhere between grant and release (a provider counts a request when it arrives, at some point in
 * between): every span that touches the interval counts, which covers every choice of those points.
 * Refunded grants count nowhere.
 */
function busiestCountedWindow(
  grants: readonly Grant[],
  budget: RateBudget,
  countUnitsFrom: CountUnitsFrom,
): number {
  const counted = grants.filter((grant) => grant.refunded !== true);
  if (countUnitsFrom === 'grant') return busiestWindow(counted, budget);
  const spans = counted
    .map((grant) => ({
      fromMs: grant.atMs,
      toMs: grant.releasedAtMs ?? Number.POSITIVE_INFINITY,
      amount: grant.amounts[budget.unit] ?? 0,
    }))
    .filter((span) => span.amount > 0);
  // The busiest interval can be slid right until a span is about to leave it, so it starts at some span's
  // end `s`. It then holds every span starting by `s + windowMs` except those that ended before `s`.
  const byStart = [...spans].sort((left, right) => left.fromMs - right.fromMs);
  const byEnd = [...spans].sort((left, right) => left.toMs - right.toMs);
  let busiest = 0;
  let started = 0;
  let ended = 0;
  let next = 0;
  let gone = 0;
  for (const { toMs: startMs } of byEnd) {
    while (next < byStart.length && byStart[next]!.fromMs <= startMs + budget.windowMs) {
      started += byStart[next]!.amount;
      next++;
    }
    while (gone < byEnd.length && byEnd[gone]!.toMs < startMs) {
      ended += byEnd[gone]!.amount;
      gone++;
    }
    busiest = Math.max(busiest, started - ended);
  }
  return busiest;
}

/** The most units granted within any closed interval of `windowMs` (found with two pointers). */
function busiestWindow(grants: readonly Grant[], budget: RateBudget): number {
  const points = grants
    .map((grant) => ({ atMs: grant.atMs, amount: grant.amounts[budget.unit] ?? 0 }))
    .filter((point) => point.amount > 0);
  let busiest = 0;
  let sum = 0;
  let right = 0;
  for (let left = 0; left < points.length; left++) {
    while (right < points.length && points[right]!.atMs - points[left]!.atMs <= budget.windowMs) {
      sum += points[right]!.amount;
      right++;
    }
    busiest = Math.max(busiest, sum);
    sum -= points[left]!.amount;
  }
  return busiest;
}

const units = ['characters', 'requests'] as const;

const budgetArbitrary = fc.record({
  unit: fc.constantFrom(...units),
  limit: fc.integer({ min: 1, max: 100 }),
  windowMs: fc.integer({ min: 1, max: 1_000 }),
});

const requestArbitrary = fc.record({
  arriveAtMs: fc.integer({ min: 0, max: 3_000 }),
  characters: fc.integer({ min: 0, max: 120 }),
  requests: fc.integer({ min: 0, max: 3 }),
  holdMs: fc.integer({ min: 0, max: 400 }),
  abortAfterMs: fc.option(fc.integer({ min: 0, max: 2_000 }), { nil: undefined }),
  succeeds: fc.boolean(),
  // Refused by the provider (a 429) and refunded: before the release, as the request sender does, or after.
  refund: fc.constantFrom('none', 'none', 'beforeRelease', 'afterRelease'),
});

const countUnitsFromArbitrary = fc.constantFrom<CountUnitsFrom>('grant', 'release');

const throttleArbitrary = fc.record({
  atMs: fc.integer({ min: 0, max: 3_000 }),
  retryAfterMs: fc.option(fc.integer({ min: 0, max: 1_500 }), { nil: undefined }),
});

describe('rate limiter properties', () => {
  it('never counts more than a budget allows in any window, nor grants more permits than maxConcurrency', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(budgetArbitrary, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(requestArbitrary, { minLength: 1, maxLength: 40 }),
        fc.array(throttleArbitrary, { maxLength: 3 }),
        countUnitsFromArbitrary,
        async (budgets, maxConcurrency, requests, throttles, countUnitsFrom) => {
          const clock = createSimulatedClock();
          const maxBackoffMs = 2_000;
          const limiter = createRateLimiter({
            budgets,
            maxConcurrency,
            clock,
            adaptive: { maxBackoffMs },
            countUnitsFrom,
          });
          const grants: Grant[] = [];
          const pauses: Array<{ fromMs: number; untilMs: number }> = [];
          let active = 0;
          let maxActive = 0;
          let rejectedAsTooLarge = 0;

          const run = async (request: (typeof requests)[number]) => {
            await clock.sleep(request.arriveAtMs);
            const amounts = { characters: request.characters, requests: request.requests };
            const tooLarge = budgets.some((budget) => amounts[budget.unit] > budget.limit);
            const signal =
              request.abortAfterMs === undefined ? undefined : abortAfter(clock, request.abortAfterMs);
            let permit: Awaited<ReturnType<RateLimiter['acquire']>>;
            try {
              permit = await limiter.acquire(amounts, signal);
            } catch (error) {
              if (tooLarge) {
                expect(ConfigurationError.isInstance(error)).toBe(true);
                rejectedAsTooLarge++;
              } else {
                expect(signal?.aborted).toBe(true);
              }
              return;
            }
            expect(tooLarge).toBe(false);
            const grant: Grant = { atMs: clock.now(), amounts };
            grants.push(grant);
            active++;
            maxActive = Math.max(maxActive, active);
            await clock.sleep(request.holdMs);
            if (request.succeeds) limiter.succeeded();
            active--;
            if (request.refund === 'beforeRelease') permit.refund();
            permit.release();
            grant.releasedAtMs = clock.now();
            if (request.refund === 'afterRelease') permit.refund();
            grant.refunded = request.refund !== 'none';
          };
          const throttle = async (event: (typeof throttles)[number]) => {
            await clock.sleep(event.atMs);
            limiter.throttled({ retryAfterMs: event.retryAfterMs });
            const pausedUntil = limiter.stats().pausedUntil ?? clock.now();
            if (event.retryAfterMs !== undefined) {
              expect(pausedUntil).toBeGreaterThanOrEqual(
                clock.now() + Math.min(event.retryAfterMs, maxBackoffMs),
              );
            }
            pauses.push({ fromMs: clock.now(), untilMs: pausedUntil });
          };

          const done = settleAll([...requests.map(run), ...throttles.map(throttle)]);
          await clock.runAll();
          await done;

          for (const budget of budgets)
            expect(busiestCountedWindow(grants, budget, countUnitsFrom)).toBeLessThanOrEqual(budget.limit);
          expect(maxActive).toBeLessThanOrEqual(maxConcurrency);
          expect(limiter.stats().maxActive).toBeLessThanOrEqual(maxConcurrency);
          for (const pause of pauses) {
            expect(grants.filter((grant) => grant.atMs > pause.fromMs && grant.atMs < pause.untilMs)).toEqual(
              [],
            );
          }
          const stats = limiter.stats();
          expect(stats.queued).toBe(0);
          expect(stats.active).toBe(0);
          expect(stats.refunds).toBe(grants.filter((grant) => grant.refunded === true).length);
          budgets.forEach((budget, index) => {
            const total = (refunded: boolean) =>
              grants
                .filter((grant) => refunded === (grant.refunded === true))
                .reduce((sum, grant) => sum + (grant.amounts[budget.unit] ?? 0), 0);
            expect(stats.budgets[index]?.unitsGranted).toBe(total(false) + total(true));
            expect(stats.budgets[index]?.unitsRefunded).toBe(total(true));
          });
          // Every request that was neither aborted nor too large was eventually granted: nothing leaked.
          expect(grants.length + rejectedAsTooLarge).toBeLessThanOrEqual(requests.length);
          expect(stats.grants).toBe(grants.length);
          const abortedOrRejected = requests.length - grants.length - rejectedAsTooLarge;
          expect(abortedOrRejected).toBeLessThanOrEqual(
            requests.filter((r) => r.abortAfterMs !== undefined).length,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('uses at least 95% of the character budget over a simulated hour that always has work queued', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 100, max: 4_000 }), { minLength: 20, maxLength: 200 }),
        fc.array(fc.integer({ min: 50, max: 3_000 }), { minLength: 20, maxLength: 200 }),
        countUnitsFromArbitrary,
        async (sizes, latencies, countUnitsFrom) => {
          const budget = { unit: 'characters', limit: 33_300, windowMs: 60_000 };
          // Work must always be waiting: sixteen workers keep a backlog behind the four requests in flight,
          // and four in flight must be able to outrun the budget.
          fc.pre(4 * (mean(sizes) / mean(latencies)) >= (2 * budget.limit) / budget.windowMs);
          const clock = createSimulatedClock();
          const limiter = createRateLimiter({ budgets: [budget], maxConcurrency: 4, clock, countUnitsFrom });
          const hourMs = 3_600_000;
          const job = settleAll([runJob({ clock, limiter, sizes, latencies, untilMs: hourMs, workers: 16 })]);
          await clock.runAll();
          const { grants } = (await job)[0]!;

          const granted = grants.filter((grant) => grant.atMs <= hourMs);
          const total = granted.reduce((sum, grant) => sum + (grant.amounts.characters ?? 0), 0);
          const budgetOverHour = (budget.limit * hourMs) / budget.windowMs;
          expect(total / budgetOverHour).toBeGreaterThanOrEqual(
            0.95 * countableShare(countUnitsFrom, budget.windowMs, latencies),
          );
          expect(busiestCountedWindow(granted, budget, countUnitsFrom)).toBeLessThanOrEqual(budget.limit);
        },
      ),
      { numRuns: 10 },
    );
  });

  it('stops granting until retryAfter after a throttle, then recovers to the configured rate', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 3_000 }), { minLength: 20, maxLength: 100 }),
        fc.array(fc.integer({ min: 50, max: 2_000 }), { minLength: 20, maxLength: 100 }),
        fc.integer({ min: 60_000, max: 600_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        countUnitsFromArbitrary,
        async (sizes, latencies, throttleAtMs, retryAfterMs, countUnitsFrom) => {
          const budget = { unit: 'characters', limit: 33_300, windowMs: 60_000 };
          fc.pre(4 * (mean(sizes) / mean(latencies)) >= (2 * budget.limit) / budget.windowMs);
          const clock = createSimulatedClock();
          const limiter = createRateLimiter({ budgets: [budget], maxConcurrency: 4, clock, countUnitsFrom });
          const untilMs = 1_800_000;
          const throttle = async () => {
            await clock.sleep(throttleAtMs);
            limiter.throttled({ retryAfterMs });
            expect(limiter.stats().limitFraction).toBeCloseTo(0.7);
            return { grants: [] };
          };
          const done = settleAll([
            runJob({ clock, limiter, sizes, latencies, untilMs, workers: 16, reportSuccess: true }),
            throttle(),
          ]);
          await clock.runAll();
          const { grants } = (await done)[0]!;

          expect(
            grants.filter((grant) => grant.atMs > throttleAtMs && grant.atMs < throttleAtMs + retryAfterMs),
          ).toEqual([]);
          expect(limiter.stats().limitFraction).toBe(1);
          expect(limiter.stats().budgets[0]?.effectiveLimit).toBe(budget.limit);
          // Over the last ten minutes the job runs at the configured rate again.
          const lastMs = 600_000;
          const recent = grants.filter((grant) => grant.atMs > untilMs - lastMs && grant.atMs <= untilMs);
          const recentTotal = recent.reduce((sum, grant) => sum + (grant.amounts.characters ?? 0), 0);
          expect(recentTotal / ((budget.limit * lastMs) / budget.windowMs)).toBeGreaterThanOrEqual(
            0.9 * countableShare(countUnitsFrom, budget.windowMs, latencies),
          );
          expect(busiestCountedWindow(grants, budget, countUnitsFrom)).toBeLessThanOrEqual(budget.limit);
        },
      ),
      { numRuns: 10 },
    );
  });
});

/**
 * Workers that always have another request ready until `untilMs`, as a long bulk job does. With more
 * workers than `maxConcurrency` the limiter always has a backlog to pick from.
 */
async function runJob(options: {
  clock: SimulatedClock;
  limiter: RateLimiter;
  sizes: readonly number[];
  latencies: readonly number[];
  untilMs: number;
  workers: number;
  reportSuccess?: boolean;
}): Promise<{ grants: Grant[] }> {
  const { clock, limiter, sizes, latencies } = options;
  const grants: Grant[] = [];
  let next = 0;
  const worker = async () => {
    while (clock.now() < options.untilMs) {
      const index = next++;
      const characters = sizes[index % sizes.length]!;
      const permit = await limiter.acquire({ characters });
      const grant: Grant = { atMs: clock.now(), amounts: { characters } };
      grants.push(grant);
      await clock.sleep(latencies[index % latencies.length]!);
      if (options.reportSuccess === true) limiter.succeeded();
      permit.release();
      grant.releasedAtMs = clock.now();
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
  return { grants };
}

/**
 * The share of a budget's rate a limiter can grant when requests take up to `latencies` to answer.
 * Counting from the grant, all of it. Counting from the release, a request's units stay in the window for
 * its latency longer, so a window's worth of units comes round every `windowMs` plus up to the longest
 * latency: the price of never freeing room before a provider that counts on arrival.
 */
function countableShare(
  countUnitsFrom: CountUnitsFrom,
  windowMs: number,
  latencies: readonly number[],
): number {
  return countUnitsFrom === 'grant' ? 1 : windowMs / (windowMs + Math.max(...latencies));
}

function abortAfter(clock: SimulatedClock, delayMs: number): AbortSignal {
  const controller = new AbortController();
  clock.sleep(delayMs).then(() => controller.abort());
  return controller.signal;
}

/** Like Promise.all, but waits for every promise, so a failed assertion is never an unhandled rejection. */
async function settleAll<T>(promises: ReadonlyArray<Promise<T>>): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failure = results.find((result) => result.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
