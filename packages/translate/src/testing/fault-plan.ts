/** A run of consecutive requests answered HTTP 429, counted in the order requests arrive. */
export interface ThrottleBurst {
  /** Number (1-based, in arrival order, all endpoints of the fake together) of the first request throttled. */
  fromRequest: number;
  /** How many consecutive requests are throttled. */
  count: number;
  /** Seconds sent in `Retry-After`; absent: the 429 carries no `Retry-After` (as Azure documents none). */
  retryAfterSeconds?: number;
  /** Status answered: 429, or DeepL's 529 ("too many requests", same body). Default 429; the Azure fake always answers 429. */
  status?: 429 | 529;
}

/**
 * A server-side failure a fake can inject: an HTTP 5xx, or a dropped connection (no response). Each fake
 * answers the statuses its provider documents (Azure 500/503; DeepL 500/504, 503 on glossary endpoints).
 */
export type ServerFault = 'http_500' | 'http_503' | 'http_504' | 'connection_reset';

/**
 * Faults a fake provider injects, deterministically for a given seed. Whether a request fails depends on
 * the seed, the request's content and how often that same request was seen before, not on arrival order,
 * so concurrent jobs see the same faults run after run.
 */
export interface FaultPlan {
  /** Fraction (0 to 1) of requests answered with a {@link ServerFault}. Default 0. */
  failureRate?: number;
  /** Faults drawn from when a request fails, equally likely. Default: the 5xx statuses the provider documents and `connection_reset`. */
  failureKinds?: readonly ServerFault[];
  /**
   * Fraction (0 to 1) of requests answered 200 with a truncated JSON body. Default 0. Clients must refuse
   * these (not retryable: the provider may have billed the request), so rows fail rather than come back wrong.
   */
  malformedRate?: number;
  /** Runs of 429s. Default none. */
  throttleBursts?: readonly ThrottleBurst[];
  /**
   * Most times the same request (same URL and body) is failed or malformed; later copies succeed, so a
   * client that retries at least this many times loses nothing. Default 2.
   */
  maxFailuresPerRequest?: number;
  /** Seed of the pseudo-random choices. Default 1. */
  seed?: number;
}

/** What the fake does with one request. */
export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'throttle'; status: 429 | 529; retryAfterSeconds?: number }
  | { kind: ServerFault }
  | { kind: 'malformed' };

/** FNV-1a, 32 bits: a stable hash of a request's content. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32 output for one seed, in [0, 1). */
function randomFrom(seed: number): number {
  let value = (seed + 0x6d2b79f5) >>> 0;
  value = Math.imul(value ^ (value >>> 15), value | 1);
  value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
  return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
}

function checkFraction(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new RangeError(`${name} must be a fraction from 0 to 1; got ${String(value)}.`);
  }
  return value;
}

/** Decides, request by request, which faults of a {@link FaultPlan} to inject. */
export class FaultInjector {
  private readonly failureRate: number;
  private readonly malformedRate: number;
  private readonly failureKinds: readonly ServerFault[];
  private readonly maxFailuresPerRequest: number;
  private readonly seed: number;
  private readonly bursts: readonly ThrottleBurst[];
  private readonly attemptsByRequest = new Map<number, number>();
  private readonly failuresByRequest = new Map<number, number>();

  /** `defaultKinds`: the faults drawn from when the plan names none (the provider's documented 5xx statuses and resets). */
  constructor(
    plan: FaultPlan = {},
    defaultKinds: readonly ServerFault[] = ['http_500', 'http_503', 'connection_reset'],
  ) {
    this.failureRate = checkFraction('failureRate', plan.failureRate ?? 0);
    this.malformedRate = checkFraction('malformedRate', plan.malformedRate ?? 0);
    if (this.failureRate + this.malformedRate > 1) {
      throw new RangeError('failureRate and malformedRate together must not exceed 1.');
    }
    this.failureKinds = plan.failureKinds ?? defaultKinds;
    if (this.failureKinds.length === 0) throw new RangeError('failureKinds must name at least one fault.');
    this.maxFailuresPerRequest = plan.maxFailuresPerRequest ?? 2;
    if (!Number.isInteger(this.maxFailuresPerRequest) || this.maxFailuresPerRequest < 0) {
      throw new RangeError('maxFailuresPerRequest must be a whole number of at least 0.');
    }
    this.seed = plan.seed ?? 1;
    this.bursts = plan.throttleBursts ?? [];
  }

  /**
   * The fault for request number `sequence` (1-based arrival order) whose URL and body are `content`.
   * Throttle bursts go by arrival order; failures by content and attempt.
   */
  decide(sequence: number, content: string): FaultDecision {
    const burst = this.bursts.find(
      (candidate) => sequence >= candidate.fromRequest && sequence < candidate.fromRequest + candidate.count,
    );
    if (burst !== undefined) {
      const status = burst.status ?? 429;
      return burst.retryAfterSeconds === undefined
        ? { kind: 'throttle', status }
        : { kind: 'throttle', status, retryAfterSeconds: burst.retryAfterSeconds };
    }
    const key = hashText(content);
    const attempt = this.attemptsByRequest.get(key) ?? 0;
    this.attemptsByRequest.set(key, attempt + 1);
    const failures = this.failuresByRequest.get(key) ?? 0;
    if (failures >= this.maxFailuresPerRequest) return { kind: 'none' };
    const draw = randomFrom((this.seed ^ key ^ Math.imul(attempt + 1, 0x9e3779b9)) >>> 0);
    if (draw < this.failureRate) {
      this.failuresByRequest.set(key, failures + 1);
      const pick = randomFrom((key ^ Math.imul(attempt + 7, 0x85ebca6b)) >>> 0);
      return { kind: this.failureKinds[Math.floor(pick * this.failureKinds.length)] ?? 'http_500' };
    }
    if (draw < this.failureRate + this.malformedRate) {
      this.failuresByRequest.set(key, failures + 1);
      return { kind: 'malformed' };
    }
    return { kind: 'none' };
  }

  /** Forgets every request seen, so the same plan starts over. */
  reset(): void {
    this.attemptsByRequest.clear();
    this.failuresByRequest.clear();
  }
}

/** What a fake service did with a request. */
export type RecordedOutcome =
  /** Answered 2xx with a result (translated, glossary created or listed). */
  | 'answered'
  /** Answered 429 by the fault plan. */
  | 'throttled'
  /** Answered 500 or 503 by the fault plan. */
  | 'server_error'
  /** Dropped without a response by the fault plan. */
  | 'connection_reset'
  /** Answered 200 with a truncated body by the fault plan. */
  | 'malformed'
  /** Refused with a documented 4xx error (auth, limits, invalid input). */
  | 'rejected';

/** One request a fake service received, and what it answered. */
export interface RecordedRequest {
  /** 1-based arrival order across all endpoints of the fake. */
  sequence: number;
  method: string;
  /** Full URL including the query string. */
  url: string;
  /** Request headers, lower-cased names. Test-only: they include the credentials sent. */
  headers: Record<string, string>;
  /** Parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  outcome: RecordedOutcome;
  /** HTTP status answered; absent for a dropped connection. */
  status?: number;
  /** The provider's error code answered, e.g. Azure `400077` or DeepL `413`. */
  errorCode?: string;
  /** Characters the provider would bill for this request; only on answered translations. */
  billedCharacters?: number;
}

/** Headers as a plain record with lower-case names. */
export function headersToRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name.toLowerCase()] = value;
  });
  return record;
}

/** Parses `text` as JSON, or returns it unchanged when it is not JSON. */
export function parseBodyForRecord(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
