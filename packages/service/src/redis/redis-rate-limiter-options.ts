import type { AdaptiveRateOptions, RateBudget } from '@toex/core';
import type { Redis } from 'ioredis';
import type { RedisError } from './redis-error';

/** Which provider quota a limiter paces: one per provider, endpoint and API key. */
export interface RateLimitScope {
  /** The provider's id, e.g. `azure`, `deepl`. */
  providerId: string;
  /** The endpoint the requests go to (its query and any credentials are ignored), e.g. `https://api.cognitive.microsofttranslator.com`. */
  endpoint: string;
  /**
   * The API key whose quota this is; only its {@link apiKeyFingerprint} is kept. Give this or
   * `keyFingerprint`; absent both, the scope is the provider and endpoint (a self-hosted engine).
   */
  apiKey?: string;
  /** The key's fingerprint, computed with `apiKeyFingerprint`, when the key itself is not at hand. */
  keyFingerprint?: string;
}

/** Options of `createRedisRateLimiter`. */
export interface RedisRateLimiterOptions {
  /**
   * The server shared by every worker: an ioredis client (left open: its owner closes it) or a URL (the
   * limiter opens a client, closed by `close()`).
   */
  redis: Redis | string;
  /** Which quota: limiters with the same scope and budgets' units and windows share one. */
  scope: RateLimitScope;
  /**
   * The quota, as in core's `createRateLimiter`: every budget must have room before a request is
   * granted. Budgets are told apart in Redis by unit and window, not limit, so workers configured with
   * different limits for one key still count into one window (each enforcing its own limit).
   */
  budgets: readonly RateBudget[];
  /**
   * Fraction of each limit kept free for clock and network jitter, in [0, 0.5). Default 0.03 (3%).
   * Redis's clock is the only clock, so the margin covers the provider's window being aligned
   * differently and requests overtaking one another between grant and arrival.
   */
  safetyMargin?: number;
  /** Most permits this process holds at once; default unlimited. The cap is per process, not shared. */
  maxConcurrency?: number;
  /** Reaction to a 429, shared by every worker through Redis; the same defaults as core's limiter. */
  adaptive?: AdaptiveRateOptions;
  /**
   * How long, in milliseconds, the units of a request still in flight count at most before they are
   * freed even though nobody released them (a worker killed mid-request). Default 300,000 (5 minutes),
   * well above the HTTP timeout (60 s).
   */
  leaseMs?: number;
  /**
   * Longest time, in milliseconds, a waiting request sleeps before asking Redis again when it cannot
   * tell when room appears (requests in flight elsewhere). Default 1,000.
   */
  maxPollIntervalMs?: number;
  /** Key namespace; default `toex:`. */
  prefix?: string;
  /**
   * Told about Redis failures of calls nobody awaits (`release`, `throttled`, `succeeded`); the
   * limiter carries on, erring on the safe side (units not released stay counted until their lease ends).
   */
  onBackgroundError?: (error: RedisError) => void;
}
