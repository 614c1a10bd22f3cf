import { randomBytes } from 'node:crypto';
import {
  ConfigurationError,
  type RateLimiter,
  type RateLimiterStats,
  type RatePermit,
  type RateRequest,
  type ThrottleOptions,
  ToexAbortError,
} from '@toex/core';
import type { Redis } from 'ioredis';
import { apiKeyFingerprint } from './api-key-fingerprint';
import { connectRedis, describeRedisServer } from './connect-redis';
import {
  acquireScript,
  refundScript,
  releaseScript,
  succeedScript,
  throttleScript,
} from './rate-limit-scripts';
import { type RedisError, toRedisError } from './redis-error';
import { DEFAULT_KEY_PREFIX } from './redis-keys';
import type { RateLimitScope, RedisRateLimiterOptions } from './redis-rate-limiter-options';

/** A `RateLimiter` whose quota lives in Redis, shared by every worker on every machine. */
export interface RedisRateLimiter extends RateLimiter {
  /** The Redis key prefix of this quota (hash-tagged), naming provider, endpoint and key fingerprint. */
  readonly quotaKey: string;
  /**
   * Stops: waiting requests are rejected with `ToexAbortError`, pending releases are sent, and a client
   * the limiter opened from a URL is closed. Calling it again does nothing.
   */
  close(): Promise<void>;
}

interface LimiterCommands {
  toexRateAcquire(
    ...args: Array<string | number>
  ): Promise<[number, number, number, string, number, string[]]>;
  toexRateRelease(...args: Array<string | number>): Promise<number>;
  toexRateRefund(...args: Array<string | number>): Promise<number>;
  toexRateThrottle(...args: Array<string | number>): Promise<[number, string, number]>;
  toexRateSucceed(...args: Array<string | number>): Promise<string>;
}

interface Budget {
  readonly unit: string;
  readonly limit: number;
  readonly windowMs: number;
  readonly key: string;
}

interface Waiter {
  /** Unique across processes: the waiter's place in the shared line, then its permit's entries. */
  readonly id: string;
  /** Units per budget, as strings, in budget order ("0" for budgets the request does not spend on). */
  readonly units: readonly string[];
  readonly enqueuedAt: number;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (permit: RatePermit) => void;
  readonly reject: (error: unknown) => void;
  onAbort: (() => void) | undefined;
  settled: boolean;
}

const defaults = {
  safetyMargin: 0.03,
  leaseMs: 300_000,
  maxPollIntervalMs: 1_000,
  decreaseFactor: 0.7,
  minimumFraction: 0.1,
  increaseFraction: 0.05,
  defaultBackoffMs: 5_000,
  maxBackoffMs: 60_000,
};

/**
 * Creates a {@link RedisRateLimiter}: core's `RateLimiter` with one quota shared by every worker on
 * every machine, for one provider, endpoint and API key (only a fingerprint of the key reaches Redis).
 *
 * It is a true sliding-window log, weighted by units (characters, audio seconds…), kept in one Redis
 * sorted set per budget and changed only by Lua scripts that read Redis's own clock (`TIME`), so the
 * workers' clocks never matter. A request's units count from its grant until its answer plus one
 * window, as the provider counts them, so in every sliding window the provider sees at most the limit
 * less a safety margin (3% by default). Why not `rate-limiter-flexible`: its Redis limiters count in
 * fixed windows (its README: "It uses fixed window to limit requests"), and a fixed window, like a token
 * bucket holding a full quota, lets twice the quota through across a boundary; nor can it hold a
 * request's units until the answer comes.
 *
 * A request waits while the quota is full, asking Redis again when the script says the oldest units
 * leave the window (at least every `maxPollIntervalMs`). Within one process requests are served first
 * come, first served. Across processes, a refused request joins a shared waiting line in Redis: a later
 * request from any worker goes ahead of the oldest waiter only if that cannot delay it (core's backfill
 * rule), so a large request is never starved by other workers' small ones. A 429 reported with `throttled` pauses every worker until its `Retry-After` and cuts the
 * shared limits (recovered by `succeeded`), as core's limiter does in one process.
 *
 * `release`, `refund`, `throttled` and `succeeded` return at once and send their update to Redis in
 * the background, in call order (so `throttled` then `refund` frees the room only after the pause is
 * set). `stats().budgets[].unitsInWindow` is the quota-wide count (all workers) as of this process's
 * last check; the other counters are this process's. Each check reads the window's entries (O(entries
 * in the window): a few hundred for a characters-per-minute quota).
 *
 * @example
 * const limiter = createRedisRateLimiter({
 *   redis: 'redis://127.0.0.1:6379',
 *   scope: { providerId: 'azure', endpoint: 'https://api.cognitive.microsofttranslator.com', apiKey },
 *   budgets: [{ unit: 'characters', limit: 33_300, windowMs: 60_000 }],
 *   maxConcurrency: 4,
 * });
 * const permit = await limiter.acquire({ characters: 4200 }, signal);
 * try {
 *   await send();
 *   limiter.succeeded();
 * } finally {
 *   permit.release();
 * }
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RedisRateLimiter {
  return new SharedRateLimiter(options);
}

/** The Redis key prefix (with a hash tag, so a cluster keeps a quota's keys in one slot) of a scope. */
export function rateLimitQuotaKey(scope: RateLimitScope, prefix: string = DEFAULT_KEY_PREFIX): string {
  if (scope.providerId === '' || /[{}\s]/.test(scope.providerId)) {
    throw new ConfigurationError({
      message: `scope.providerId must be a non-empty id without spaces or braces, got "${scope.providerId}".`,
      setting: 'scope.providerId',
    });
  }
  const fingerprint =
    scope.keyFingerprint ?? (scope.apiKey === undefined ? 'no-key' : apiKeyFingerprint(scope.apiKey));
  return `${prefix}rate:{${scope.providerId}|${normaliseEndpoint(scope.endpoint)}|${fingerprint}}`;
}

/** Scheme, host and path: query strings and credentials never reach a Redis key. */
function normaliseEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`.replace(/[{}\s]/g, '_');
  } catch {
    throw new ConfigurationError({
      message: 'scope.endpoint must be an absolute URL, e.g. https://api.cognitive.microsofttranslator.com.',
      setting: 'scope.endpoint',
    });
  }
}

class SharedRateLimiter implements RedisRateLimiter {
  readonly quotaKey: string;
  private readonly redis: Redis & LimiterCommands;
  private readonly ownsClient: boolean;
  private readonly server: string;
  private readonly budgets: Budget[];
  private readonly stateKey: string;
  private readonly lineKey: string;
  private readonly waitersKey: string;
  private readonly staleMs: number;
  private readonly margin: number;
  private readonly maxConcurrency: number;
  private readonly leaseMs: number;
  private readonly maxPollIntervalMs: number;
  private readonly adaptive: typeof defaults;
  private readonly stateTtlMs: number;
  private readonly processId = randomBytes(6).toString('hex');
  private readonly onBackgroundError: ((error: RedisError) => void) | undefined;

  private queue: Waiter[] = [];
  private pumping = false;
  private wake: (() => void) | undefined;
  private localPausedUntil = 0;
  private closed = false;
  private background: Promise<unknown> = Promise.resolve();
  private sequence = 0;
  // Counters for stats().
  private active = 0;
  private maxActive = 0;
  private grants = 0;
  private waitedGrants = 0;
  private totalWaitMs = 0;
  private maxWaitMs = 0;
  private throttles = 0;
  private refunds = 0;
  private fraction = 1;
  private consecutive = 0;
  private pausedUntilLocal: number | undefined;
  private readonly unitsInWindow: number[];
  private readonly unitsGranted: number[];
  private readonly unitsRefunded: number[];

  constructor(options: RedisRateLimiterOptions) {
    const prefix = options.prefix ?? DEFAULT_KEY_PREFIX;
    this.quotaKey = rateLimitQuotaKey(options.scope, prefix);
    this.stateKey = `${this.quotaKey}:state`;
    this.lineKey = `${this.quotaKey}:line`;
    this.waitersKey = `${this.quotaKey}:waiters`;
    this.margin = options.safetyMargin ?? defaults.safetyMargin;
    if (!(this.margin >= 0 && this.margin < 0.5)) {
      throw new ConfigurationError({
        message: `safetyMargin must be in [0, 0.5), got ${options.safetyMargin}.`,
        setting: 'safetyMargin',
      });
    }
    const seen = new Set<string>();
    this.budgets = options.budgets.map((budget, index) => {
      const setting = `budgets[${index}]`;
      requirePositive(budget.limit, `${setting}.limit`);
      requirePositive(budget.windowMs, `${setting}.windowMs`);
      if (!Number.isInteger(budget.windowMs)) {
        throw new ConfigurationError({ message: `${setting}.windowMs must be whole milliseconds.`, setting });
      }
      if (typeof budget.unit !== 'string' || !/^[\w.-]+$/.test(budget.unit)) {
        throw new ConfigurationError({
          message: `${setting}.unit must be a non-empty word (letters, digits, _ . -), got "${budget.unit}".`,
          setting,
        });
      }
      const identity = `${budget.unit}:${budget.windowMs}`;
      if (seen.has(identity)) {
        throw new ConfigurationError({
          message: `${setting} repeats the unit "${budget.unit}" with the same ${budget.windowMs} ms window; keep the lower limit only.`,
          setting,
        });
      }
      seen.add(identity);
      return { ...budget, key: `${this.quotaKey}:window:${identity}` };
    });
    this.unitsGranted = this.budgets.map(() => 0);
    this.unitsRefunded = this.budgets.map(() => 0);
    this.unitsInWindow = this.budgets.map(() => 0);
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
    this.leaseMs = options.leaseMs ?? defaults.leaseMs;
    this.maxPollIntervalMs = options.maxPollIntervalMs ?? defaults.maxPollIntervalMs;
    requirePositive(this.leaseMs, 'leaseMs');
    requirePositive(this.maxPollIntervalMs, 'maxPollIntervalMs');
    // A waiting request asks at least every maxPollIntervalMs; missing three asks means it is gone.
    this.staleMs = 3 * this.maxPollIntervalMs + 2_000;
    const adaptive = options.adaptive ?? {};
    this.adaptive = {
      ...defaults,
      decreaseFactor: adaptive.decreaseFactor ?? defaults.decreaseFactor,
      minimumFraction: adaptive.minimumFraction ?? defaults.minimumFraction,
      increaseFraction: adaptive.increaseFraction ?? defaults.increaseFraction,
      defaultBackoffMs: adaptive.defaultBackoffMs ?? defaults.defaultBackoffMs,
      maxBackoffMs: adaptive.maxBackoffMs ?? defaults.maxBackoffMs,
    };
    if (!(this.adaptive.decreaseFactor > 0 && this.adaptive.decreaseFactor < 1)) {
      throw new ConfigurationError({
        message: `adaptive.decreaseFactor must be between 0 and 1 (exclusive), got ${this.adaptive.decreaseFactor}.`,
        setting: 'adaptive.decreaseFactor',
      });
    }
    const longestWindowMs = Math.max(0, ...this.budgets.map((budget) => budget.windowMs));
    // The shared throttle state outlives any pause and window, then goes, so an idle quota starts whole.
    this.stateTtlMs = Math.ceil(2 * Math.max(this.adaptive.maxBackoffMs, longestWindowMs) + 60_000);
    this.onBackgroundError = options.onBackgroundError;

    this.ownsClient = typeof options.redis === 'string';
    const client = typeof options.redis === 'string' ? connectRedis(options.redis) : options.redis;
    this.server = describeRedisServer(client);
    defineCommands(client);
    this.redis = client as Redis & LimiterCommands;
  }

  acquire(request: RateRequest, signal?: AbortSignal): Promise<RatePermit> {
    let units: string[];
    try {
      if (this.closed) {
        throw new ConfigurationError({
          code: 'rate_limiter_closed',
          message: 'The Redis rate limiter is closed.',
        });
      }
      units = this.unitsOf(request);
      ToexAbortError.throwIfAborted(signal);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<RatePermit>((resolve, reject) => {
      const waiter: Waiter = {
        id: `${this.processId}:${this.sequence++}`,
        units,
        enqueuedAt: performance.now(),
        signal,
        resolve,
        reject,
        onAbort: undefined,
        settled: false,
      };
      if (signal !== undefined) {
        waiter.onAbort = () => {
          if (waiter.settled) return;
          this.settle(waiter);
          this.leaveLine(waiter);
          reject(new ToexAbortError({ cause: signal.reason }));
          this.wake?.();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      void this.pump();
    });
  }

  throttled(options: ThrottleOptions = {}): void {
    this.throttles++;
    const retryAfterMs =
      options.retryAfterMs !== undefined && Number.isFinite(options.retryAfterMs) && options.retryAfterMs >= 0
        ? options.retryAfterMs
        : -1;
    // Stop this process's grants at once; the shared pause in Redis is the one the others see.
    const localPauseMs = retryAfterMs >= 0 ? retryAfterMs : this.adaptive.defaultBackoffMs;
    this.localPausedUntil = Math.max(
      this.localPausedUntil,
      performance.now() + Math.min(localPauseMs, this.adaptive.maxBackoffMs),
    );
    const grantedAt =
      options.permit instanceof SharedPermit && options.permit.owner === this ? options.permit.grantedAt : -1;
    this.inBackground('rate limiter throttle', async () => {
      const [pausedUntil, fraction, now] = await this.redis.toexRateThrottle(
        this.stateKey,
        retryAfterMs,
        grantedAt,
        this.adaptive.decreaseFactor,
        this.adaptive.minimumFraction,
        this.adaptive.defaultBackoffMs,
        this.adaptive.maxBackoffMs,
        this.stateTtlMs,
      );
      this.fraction = Number(fraction);
      this.localPausedUntil = Math.max(this.localPausedUntil, performance.now() + (pausedUntil - now));
      this.pausedUntilLocal = this.localPausedUntil;
    });
  }

  succeeded(): void {
    if (this.fraction >= 1 && this.consecutive === 0) return;
    this.consecutive = 0;
    this.inBackground('rate limiter success', async () => {
      this.fraction = Number(
        await this.redis.toexRateSucceed(this.stateKey, this.adaptive.increaseFraction, this.stateTtlMs),
      );
    });
  }

  stats(): RateLimiterStats {
    const now = performance.now();
    const stats: RateLimiterStats = {
      budgets: this.budgets.map((budget, index) => ({
        unit: budget.unit,
        windowMs: budget.windowMs,
        limit: budget.limit,
        effectiveLimit: budget.limit * (1 - this.margin) * this.fraction,
        unitsGranted: this.unitsGranted[index]!,
        unitsRefunded: this.unitsRefunded[index]!,
        unitsInWindow: this.unitsInWindow[index]!,
      })),
      grants: this.grants,
      waitedGrants: this.waitedGrants,
      backfilledGrants: 0,
      totalWaitMs: this.totalWaitMs,
      maxWaitMs: this.maxWaitMs,
      queued: this.queue.filter((waiter) => !waiter.settled).length,
      active: this.active,
      maxActive: this.maxActive,
      throttles: this.throttles,
      refunds: this.refunds,
      limitFraction: this.fraction,
    };
    if (this.pausedUntilLocal !== undefined && this.pausedUntilLocal > now)
      stats.pausedUntil = this.pausedUntilLocal;
    return stats;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.queue) {
      if (waiter.settled) continue;
      this.settle(waiter);
      waiter.reject(
        new ToexAbortError({ message: 'The Redis rate limiter was closed while the request waited.' }),
      );
    }
    this.wake?.();
    await this.background;
    if (this.ownsClient) await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private unitsOf(request: RateRequest): string[] {
    for (const [unit, amount] of Object.entries(request)) {
      if (!Number.isFinite(amount) || amount < 0) {
        throw new ConfigurationError({
          code: 'invalid_rate_request',
          message: `A rate request must spend a finite, non-negative number of "${unit}", got ${amount}.`,
        });
      }
    }
    return this.budgets.map((budget, index) => {
      const amount = Object.hasOwn(request, budget.unit) ? (request[budget.unit] ?? 0) : 0;
      if (amount > budget.limit) {
        throw new ConfigurationError({
          code: 'request_exceeds_rate_budget',
          setting: `budgets[${index}]`,
          message:
            `A single request needs ${formatNumber(amount)} ${budget.unit} but the shared quota allows only ` +
            `${formatNumber(budget.limit)} ${budget.unit} per ${formatNumber(budget.windowMs)} ms, so it could never be sent. ` +
            `The request packer must keep each request under ${formatNumber(budget.limit)} ${budget.unit}.`,
        });
      }
      return String(amount);
    });
  }

  /** Serves the line in order, one Redis check at a time, until it is empty or the concurrency cap is reached. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const waiter = this.peek();
        if (waiter === undefined || this.active >= this.maxConcurrency || this.closed) return;
        const pauseLeftMs = this.localPausedUntil - performance.now();
        if (pauseLeftMs > 0) {
          await this.sleep(pauseLeftMs);
          continue;
        }
        const permitId = waiter.id;
        let answer: [number, number, number, string, number, string[]];
        try {
          answer = await this.redis.toexRateAcquire(
            3 + this.budgets.length,
            this.stateKey,
            this.lineKey,
            this.waitersKey,
            ...this.budgets.map((budget) => budget.key),
            permitId,
            this.leaseMs,
            this.staleMs,
            ...this.budgets.flatMap((budget, index) => [
              budget.limit * (1 - this.margin),
              budget.windowMs,
              waiter.units[index]!,
            ]),
          );
        } catch (error) {
          // The head fails (retryable while Redis is away); the next in line tries afresh.
          if (!waiter.settled) {
            this.settle(waiter);
            waiter.reject(toRedisError(error, 'rate limiter acquire', this.server));
          }
          continue;
        }
        const [granted, grantedAt, waitMs, fraction, consecutive, unitsInWindow] = answer;
        this.fraction = Number(fraction);
        this.consecutive = consecutive;
        unitsInWindow.forEach((units, index) => {
          this.unitsInWindow[index] = Number(units);
        });
        if (granted === 1) {
          const permit = new SharedPermit(this, permitId, grantedAt, waiter);
          if (waiter.settled) {
            // Aborted while Redis granted it: give the units straight back, so an abort spends nothing.
            permit.refundQuietly();
            continue;
          }
          this.settle(waiter);
          this.grants++;
          this.active++;
          this.maxActive = Math.max(this.maxActive, this.active);
          waiter.units.forEach((units, index) => {
            this.unitsGranted[index]! += Number(units);
          });
          if (permit.waitedMs > 0) {
            this.waitedGrants++;
            this.totalWaitMs += permit.waitedMs;
            this.maxWaitMs = Math.max(this.maxWaitMs, permit.waitedMs);
          }
          waiter.resolve(permit);
          continue;
        }
        // Aborted meanwhile: the next in line asks at once.
        if (waiter.settled) continue;
        await this.sleep(Math.min(Math.max(waitMs, 1), this.maxPollIntervalMs));
      }
    } finally {
      this.pumping = false;
    }
  }

  private peek(): Waiter | undefined {
    while (this.queue.length > 0 && this.queue[0]!.settled) this.queue.shift();
    return this.queue[0];
  }

  private settle(waiter: Waiter): void {
    waiter.settled = true;
    if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener('abort', waiter.onAbort);
  }

  /** Sleeps up to `ms`, or until woken by an abort, a release, a refund or `close`. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  /** Runs a Redis update nobody awaits, after the ones before it; failures go to `onBackgroundError`. */
  private inBackground(operation: string, task: () => Promise<void>): void {
    // Started now, so commands reach Redis in call order; chained only to let `close` wait for them.
    const running = task().catch((error: unknown) => {
      this.onBackgroundError?.(toRedisError(error, operation, this.server));
    });
    this.background = Promise.all([this.background, running]);
  }

  /** Takes an abandoned waiter out of the shared line (it may never have joined: then nothing changes). */
  private leaveLine(waiter: Waiter): void {
    this.inBackground('rate limiter leave line', async () => {
      await this.redis.multi().zrem(this.lineKey, waiter.id).hdel(this.waitersKey, waiter.id).exec();
    });
  }

  /** For permits: their concurrency slot is free. */
  freeSlot(): void {
    this.active--;
    void this.pump();
  }

  /** For permits: sends the release of a permit's units. */
  sendRelease(permitId: string, units: readonly string[]): void {
    if (this.budgets.length === 0) return;
    this.inBackground('rate limiter release', async () => {
      await this.redis.toexRateRelease(
        this.budgets.length,
        ...this.budgets.map((budget) => budget.key),
        permitId,
        ...this.budgets.flatMap((budget, index) => [budget.windowMs, units[index]!]),
      );
    });
  }

  /** For permits: sends the refund of a permit's units. */
  sendRefund(permitId: string, units: readonly string[], counted: boolean): void {
    if (counted) {
      this.refunds++;
      units.forEach((value, index) => {
        this.unitsRefunded[index]! += Number(value);
      });
    }
    if (this.budgets.length === 0) return;
    this.inBackground('rate limiter refund', async () => {
      await this.redis.toexRateRefund(
        this.budgets.length,
        ...this.budgets.map((budget) => budget.key),
        permitId,
        ...units,
      );
      this.wake?.();
    });
  }
}

class SharedPermit implements RatePermit {
  readonly grantedAt: number;
  readonly waitedMs: number;
  readonly owner: SharedRateLimiter;
  private readonly id: string;
  private readonly units: readonly string[];
  private released = false;
  private refunded = false;

  constructor(owner: SharedRateLimiter, id: string, grantedAt: number, waiter: Waiter) {
    this.owner = owner;
    this.id = id;
    this.grantedAt = grantedAt;
    this.waitedMs = Math.max(0, performance.now() - waiter.enqueuedAt);
    this.units = waiter.units;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    if (!this.refunded) this.owner.sendRelease(this.id, this.units);
    this.owner.freeSlot();
  }

  refund(): void {
    if (this.refunded) return;
    this.refunded = true;
    this.owner.sendRefund(this.id, this.units, true);
    if (!this.released) {
      this.released = true;
      this.owner.freeSlot();
    }
  }

  /** Gives back the units of a permit never handed out (its request was aborted meanwhile). */
  refundQuietly(): void {
    this.refunded = true;
    this.released = true;
    this.owner.sendRefund(this.id, this.units, false);
  }
}

function defineCommands(client: Redis): void {
  const commands = client as unknown as Partial<LimiterCommands>;
  if (commands.toexRateAcquire !== undefined) return;
  // numberOfKeys is left out: the first argument of each call gives it, as budgets vary per limiter.
  client.defineCommand('toexRateAcquire', { lua: acquireScript });
  client.defineCommand('toexRateRelease', { lua: releaseScript });
  client.defineCommand('toexRateRefund', { lua: refundScript });
  client.defineCommand('toexRateThrottle', { lua: throttleScript, numberOfKeys: 1 });
  client.defineCommand('toexRateSucceed', { lua: succeedScript, numberOfKeys: 1 });
}

function requirePositive(value: number, setting: string): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new ConfigurationError({ message: `${setting} must be a positive number, got ${value}.`, setting });
  }
}

function formatNumber(value: number): string {
  return value.toLocaleString('en-US');
}
