import { ToexAbortError } from '../errors/abort-error';
import { ConfigurationError } from '../errors/configuration-error';
import { type Clock, systemClock } from './clock';
import type { RateRequest } from './rate-budget';
import type { RateLimiter } from './rate-limiter';
import type { RateLimiterOptions, ThrottleOptions } from './rate-limiter-options';
import type { RateLimiterStats } from './rate-limiter-stats';
import type { RatePermit } from './rate-permit';
import { SlidingWindow } from './sliding-window';

interface Waiter {
  // Budget index and amount, for budgets this request spends on.
  readonly amounts: ReadonlyArray<readonly [number, number]>;
  readonly enqueuedAt: number;
  readonly resolve: (permit: RatePermit) => void;
  readonly reject: (error: unknown) => void;
  readonly signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  settled: boolean;
}

/** Units one permit spends on one budget: logged under `entry`, or held (no entry yet). */
interface Charge {
  readonly window: SlidingWindow;
  readonly amount: number;
  entry: number | undefined;
}

/** What a permit needs from the limiter that granted it. */
interface PermitHooks {
  now(): number;
  /** A permit gave back its concurrency slot. */
  freeSlot(): void;
  /** A permit gave back its units. */
  refunded(): void;
}

class Permit implements RatePermit {
  readonly grantedAt: number;
  readonly waitedMs: number;
  /** The limiter that granted it. */
  readonly owner: RateLimiter;
  /** Grant order, to tell whether the request went out before or after the last cut. */
  readonly sequence: number;
  private readonly charges: readonly Charge[];
  private readonly hooks: PermitHooks;
  private released = false;
  private refunded = false;

  constructor(options: {
    owner: RateLimiter;
    grantedAt: number;
    waitedMs: number;
    sequence: number;
    charges: readonly Charge[];
    hooks: PermitHooks;
  }) {
    this.owner = options.owner;
    this.grantedAt = options.grantedAt;
    this.waitedMs = options.waitedMs;
    this.sequence = options.sequence;
    this.charges = options.charges;
    this.hooks = options.hooks;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    if (!this.refunded) {
      // Held units (countUnitsFrom: 'release') count from now on.
      const now = this.hooks.now();
      for (const charge of this.charges) {
        if (charge.entry === undefined) charge.entry = charge.window.settle(charge.amount, now);
      }
    }
    this.hooks.freeSlot();
  }

  refund(): void {
    if (this.refunded) return;
    this.refunded = true;
    for (const charge of this.charges) {
      if (charge.entry === undefined) charge.window.refundHeld(charge.amount);
      else charge.window.refundLogged(charge.entry, charge.amount);
    }
    if (this.released) {
      this.hooks.refunded();
    } else {
      this.released = true;
      this.hooks.refunded();
      this.hooks.freeSlot();
    }
  }
}

// Compact the waiting queue once this many settled entries have piled up at its front.
const compactAfterWaiters = 1024;
// How many requests behind the head are considered for backfill, keeping each grant O(1) however long the line.
const backfillDepth = 16;

/** The {@link RateLimiter} behind `createRateLimiter`: one FIFO queue with backfill, pumped on every event. */
export class QueuedRateLimiter implements RateLimiter {
  private readonly clock: Clock;
  private readonly windows: SlidingWindow[];
  private readonly maxConcurrency: number;
  private readonly decreaseFactor: number;
  private readonly minimumFraction: number;
  private readonly increaseFraction: number;
  private readonly defaultBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly countFromRelease: boolean;
  private readonly permitHooks: PermitHooks;

  private queue: Waiter[] = [];
  private queueHead = 0;
  private queued = 0;
  private active = 0;
  private maxActive = 0;
  private grants = 0;
  private waitedGrants = 0;
  private backfilledGrants = 0;
  private totalWaitMs = 0;
  private maxWaitMs = 0;
  private throttles = 0;
  private refunds = 0;
  private fraction = 1;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private consecutiveThrottles = 0;
  private sequenceAtLastCut = -1;
  private timer: { deadline: number; controller: AbortController } | undefined;

  constructor(options: RateLimiterOptions) {
    this.clock = options.clock ?? systemClock;
    this.windows = options.budgets.map((budget, index) => {
      const setting = `budgets[${index}]`;
      requirePositive(budget.limit, `${setting}.limit`);
      requirePositive(budget.windowMs, `${setting}.windowMs`);
      if (typeof budget.unit !== 'string' || budget.unit === '') {
        throw new ConfigurationError({ message: `${setting}.unit must be a non-empty string.`, setting });
      }
      return new SlidingWindow({ unit: budget.unit, limit: budget.limit, windowMs: budget.windowMs });
    });
    this.maxConcurrency = options.maxConcurrency ?? Number.POSITIVE_INFINITY;
    if (
      !(this.maxConcurrency >= 1) ||
      (Number.isFinite(this.maxConcurrency) && !Number.isInteger(this.maxConcurrency))
    ) {
      throw new ConfigurationError({
        message: `maxConcurrency must be a positive integer, got ${options.maxConcurrency}.`,
        setting: 'maxConcurrency',
      });
    }
    const adaptive = options.adaptive ?? {};
    this.decreaseFactor = fractionSetting(adaptive.decreaseFactor, 0.7, 'adaptive.decreaseFactor', false);
    this.minimumFraction = fractionSetting(adaptive.minimumFraction, 0.1, 'adaptive.minimumFraction', true);
    this.increaseFraction = fractionSetting(
      adaptive.increaseFraction,
      0.05,
      'adaptive.increaseFraction',
      true,
    );
    this.defaultBackoffMs = adaptive.defaultBackoffMs ?? 5_000;
    this.maxBackoffMs = adaptive.maxBackoffMs ?? 60_000;
    requirePositive(this.defaultBackoffMs, 'adaptive.defaultBackoffMs');
    requirePositive(this.maxBackoffMs, 'adaptive.maxBackoffMs');
    const countUnitsFrom = options.countUnitsFrom ?? 'grant';
    if (countUnitsFrom !== 'grant' && countUnitsFrom !== 'release') {
      throw new ConfigurationError({
        message: `countUnitsFrom must be 'grant' or 'release', got ${String(countUnitsFrom)}.`,
        setting: 'countUnitsFrom',
      });
    }
    this.countFromRelease = countUnitsFrom === 'release';
    this.permitHooks = {
      now: () => this.clock.now(),
      freeSlot: () => {
        this.active--;
        this.pump();
      },
      refunded: () => {
        this.refunds++;
        this.pump();
      },
    };
  }

  acquire(request: RateRequest, signal?: AbortSignal): Promise<RatePermit> {
    // Validation errors surface as rejections so callers handle every failure in one place.
    let amounts: Array<readonly [number, number]>;
    try {
      amounts = this.amountsOf(request);
      ToexAbortError.throwIfAborted(signal);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<RatePermit>((resolve, reject) => {
      const waiter: Waiter = {
        amounts,
        enqueuedAt: this.clock.now(),
        resolve,
        reject,
        signal,
        onAbort: undefined,
        settled: false,
      };
      if (signal !== undefined) {
        waiter.onAbort = () => this.abandon(waiter);
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.queued++;
      this.pump();
    });
  }

  throttled(options: ThrottleOptions = {}): void {
    const now = this.clock.now();
    this.throttles++;
    const { permit } = options;
    const sentBeforeLastCut =
      permit instanceof Permit && permit.owner === this && permit.sequence <= this.sequenceAtLastCut;
    // Without a permit, throttles arriving during the pause are taken as echoes of the same overload.
    const isNewSignal = permit === undefined ? now >= this.pausedUntil : !sentBeforeLastCut;
    if (isNewSignal) {
      this.fraction = Math.max(this.minimumFraction, this.fraction * this.decreaseFactor);
      this.sequenceAtLastCut = this.grants - 1;
      this.consecutiveThrottles++;
      this.applyFraction();
    }
    const retryAfterMs = options.retryAfterMs;
    const pauseMs =
      retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0
        ? retryAfterMs
        : this.defaultBackoffMs * 2 ** Math.max(0, this.consecutiveThrottles - 1);
    this.pausedUntil = Math.max(this.pausedUntil, now + Math.min(pauseMs, this.maxBackoffMs));
    this.pump();
  }

  succeeded(): void {
    this.consecutiveThrottles = 0;
    if (this.fraction >= 1) return;
    this.fraction = Math.min(1, this.fraction + this.increaseFraction);
    this.applyFraction();
    this.pump();
  }

  stats(): RateLimiterStats {
    const now = this.clock.now();
    const stats: RateLimiterStats = {
      budgets: this.windows.map((window) => ({
        unit: window.budget.unit,
        windowMs: window.budget.windowMs,
        limit: window.budget.limit,
        effectiveLimit: window.effectiveLimit,
        unitsGranted: window.unitsGranted,
        unitsRefunded: window.unitsRefunded,
        unitsInWindow: window.unitsInWindow(now),
      })),
      grants: this.grants,
      waitedGrants: this.waitedGrants,
      backfilledGrants: this.backfilledGrants,
      totalWaitMs: this.totalWaitMs,
      maxWaitMs: this.maxWaitMs,
      queued: this.queued,
      active: this.active,
      maxActive: this.maxActive,
      throttles: this.throttles,
      refunds: this.refunds,
      limitFraction: this.fraction,
    };
    if (this.pausedUntil > now) stats.pausedUntil = this.pausedUntil;
    return stats;
  }

  private amountsOf(request: RateRequest): Array<readonly [number, number]> {
    for (const [unit, amount] of Object.entries(request)) {
      if (!Number.isFinite(amount) || amount < 0) {
        throw new ConfigurationError({
          code: 'invalid_rate_request',
          message: `A rate request must spend a finite, non-negative number of "${unit}", got ${amount}.`,
        });
      }
    }
    const amounts: Array<readonly [number, number]> = [];
    this.windows.forEach((window, index) => {
      const { unit, limit, windowMs } = window.budget;
      const amount = Object.hasOwn(request, unit) ? (request[unit] ?? 0) : 0;
      if (amount === 0) return;
      if (amount > limit) {
        throw new ConfigurationError({
          code: 'request_exceeds_rate_budget',
          setting: `budgets[${index}]`,
          message:
            `A single request needs ${formatNumber(amount)} ${unit} but the budget allows only ` +
            `${formatNumber(limit)} ${unit} per ${formatNumber(windowMs)} ms, so it could never be sent. ` +
            `The request packer must keep each request under ${formatNumber(limit)} ${unit}.`,
        });
      }
      amounts.push([index, amount]);
    });
    return amounts;
  }

  /** Grants waiting requests in order for as long as they fit, then arranges to be woken. */
  private pump(): void {
    for (;;) {
      const waiter = this.peek();
      // A release or an arrival will call pump again.
      if (waiter === undefined || this.active >= this.maxConcurrency) {
        this.cancelTimer();
        return;
      }
      const now = this.clock.now();
      let readyAt = this.pausedUntil;
      for (const [index, amount] of waiter.amounts) {
        readyAt = Math.max(readyAt, this.windows[index]!.readyAt(amount, now));
      }
      if (readyAt > now) {
        // Infinity: the head waits for held units, whose release calls pump again. When they will leave
        // the window is not known yet, so nothing can be granted ahead of the head without risking delaying it.
        if (readyAt === Number.POSITIVE_INFINITY) return;
        if (this.pausedUntil <= now) this.backfill(waiter, readyAt, now);
        this.wakeAt(readyAt, now);
        return;
      }
      this.grant(waiter, now);
    }
  }

  /** Grants requests behind `head` that fit now without delaying `head`, which is ready at `headReadyAt`. */
  private backfill(head: Waiter, headReadyAt: number, now: number): void {
    // One slot stays free for the head.
    if (this.active + 1 >= this.maxConcurrency) return;
    // Units each budget can spare and still take the head at `headReadyAt`. Units granted now are still
    // in the window then, because the head is never more than one window away.
    const spare = this.windows.map(
      (window) => window.effectiveLimit - window.unitsStillInWindowAt(headReadyAt, now),
    );
    for (const [index, amount] of head.amounts) spare[index]! -= amount;
    let considered = 0;
    for (
      let position = this.queueHead + 1;
      position < this.queue.length && considered < backfillDepth && this.active + 1 < this.maxConcurrency;
      position++
    ) {
      const candidate = this.queue[position]!;
      if (candidate.settled) continue;
      considered++;
      const fits = candidate.amounts.every(
        ([index, amount]) => amount <= spare[index]! && this.windows[index]!.readyAt(amount, now) === now,
      );
      if (!fits) continue;
      for (const [index, amount] of candidate.amounts) spare[index]! -= amount;
      this.backfilledGrants++;
      this.grant(candidate, now);
    }
  }

  private grant(waiter: Waiter, now: number): void {
    const charges = waiter.amounts.map(([index, amount]): Charge => {
      const window = this.windows[index]!;
      if (!this.countFromRelease) return { window, amount, entry: window.record(amount, now) };
      window.hold(amount);
      return { window, amount, entry: undefined };
    });
    this.dequeue(waiter);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    const waitedMs = now - waiter.enqueuedAt;
    if (waitedMs > 0) {
      this.waitedGrants++;
      this.totalWaitMs += waitedMs;
      this.maxWaitMs = Math.max(this.maxWaitMs, waitedMs);
    }
    const permit = new Permit({
      owner: this,
      grantedAt: now,
      waitedMs,
      sequence: this.grants++,
      charges,
      hooks: this.permitHooks,
    });
    waiter.resolve(permit);
  }

  private abandon(waiter: Waiter): void {
    if (waiter.settled) return;
    this.dequeue(waiter);
    waiter.reject(new ToexAbortError({ cause: waiter.signal?.reason }));
    // The next in line may fit now, or nobody is left to wait for.
    this.pump();
  }

  private dequeue(waiter: Waiter): void {
    waiter.settled = true;
    this.queued--;
    if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener('abort', waiter.onAbort);
  }

  private peek(): Waiter | undefined {
    while (this.queueHead < this.queue.length && this.queue[this.queueHead]!.settled) this.queueHead++;
    if (this.queueHead >= compactAfterWaiters && this.queueHead * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
    return this.queue[this.queueHead];
  }

  private wakeAt(deadline: number, now: number): void {
    // An earlier timer is kept: waking early only costs one more check.
    if (this.timer !== undefined && this.timer.deadline <= deadline) return;
    this.cancelTimer();
    const timer = { deadline, controller: new AbortController() };
    this.timer = timer;
    this.clock.sleep(deadline - now, timer.controller.signal).then(
      () => {
        if (this.timer !== timer) return;
        this.timer = undefined;
        this.pump();
      },
      () => {
        // Superseded by another timer or no longer needed.
      },
    );
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    this.timer.controller.abort();
    this.timer = undefined;
  }

  private applyFraction(): void {
    for (const window of this.windows) window.effectiveLimit = window.budget.limit * this.fraction;
  }
}

function requirePositive(value: number, setting: string): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new ConfigurationError({ message: `${setting} must be a positive number, got ${value}.`, setting });
  }
}

function fractionSetting(
  value: number | undefined,
  fallback: number,
  setting: string,
  allowOne: boolean,
): number {
  if (value === undefined) return fallback;
  if (!(value > 0 && (allowOne ? value <= 1 : value < 1))) {
    throw new ConfigurationError({
      message: `${setting} must be between 0 and 1${allowOne ? '' : ' (exclusive)'}, got ${value}.`,
      setting,
    });
  }
  return value;
}

function formatNumber(value: number): string {
  return value.toLocaleString('en-US');
}
