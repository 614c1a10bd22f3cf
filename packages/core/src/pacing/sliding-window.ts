import type { RateBudget } from './rate-budget';

// Compact the grant log once this many expired entries have piled up at its front.
const compactAfterEntries = 1024;

/**
 * The grants of one {@link RateBudget} still inside its window, with running totals so that checking
 * room is O(1) amortised and finding when room appears is O(log n). Internal to the rate limiter.
 *
 * A grant made at time `t` counts against every window that contains `t`, including a window ending
 * exactly at `t + windowMs`: it leaves the window only once `now - t > windowMs`. So over any closed
 * interval of length `windowMs` the granted units never exceed the limit.
 */
export class SlidingWindow {
  readonly budget: RateBudget;
  /** The limit currently enforced: the budget's limit scaled down after throttling. */
  effectiveLimit: number;
  private times: number[] = [];
  // Units granted since creation, as of the end of each grant (prefix sums), for the binary search.
  private cumulativeUnits: number[] = [];
  private head = 0;
  private expiredUnits = 0;
  private grantedUnits = 0;

  constructor(budget: RateBudget) {
    this.budget = budget;
    this.effectiveLimit = budget.limit;
  }

  /** Units granted since the limiter was created. */
  get unitsGranted(): number {
    return this.grantedUnits;
  }

  /** Units granted within the window ending at `nowMs`. */
  unitsInWindow(nowMs: number): number {
    this.expire(nowMs);
    return this.grantedUnits - this.expiredUnits;
  }

  /**
   * Units granted up to `nowMs` that will still be in the window at `futureMs` (not before `nowMs`).
   */
  unitsStillInWindowAt(futureMs: number, nowMs: number): number {
    this.expire(nowMs);
    const oldestKeptMs = futureMs - this.budget.windowMs;
    // The first grant that has not left the window by `futureMs`.
    let low = this.head;
    let high = this.times.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.times[middle]! < oldestKeptMs) low = middle + 1;
      else high = middle;
    }
    const expiredBy = low === this.head ? this.expiredUnits : this.cumulativeUnits[low - 1]!;
    return this.grantedUnits - expiredBy;
  }

  /**
   * The earliest time, not before `nowMs`, at which `amount` more units fit. A request larger than the
   * effective limit (but within the configured one) fits only into an empty window, so throttling can
   * slow such a request down but never block it forever.
   */
  readyAt(amount: number, nowMs: number): number {
    if (amount === 0) return nowMs;
    const used = this.unitsInWindow(nowMs);
    if (used === 0 || used + amount <= this.effectiveLimit) return nowMs;
    const mustExpire = amount > this.effectiveLimit ? used : used + amount - this.effectiveLimit;
    // The first grant whose expiry frees enough units.
    let low = this.head;
    let high = this.times.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulativeUnits[middle]! - this.expiredUnits >= mustExpire) high = middle;
      else low = middle + 1;
    }
    // One millisecond past the window edge: the grant has then certainly left the window.
    return this.times[low]! + this.budget.windowMs + 1;
  }

  /** Records `amount` units granted at `nowMs` (times must not go backwards). */
  record(amount: number, nowMs: number): void {
    if (amount === 0) return;
    this.grantedUnits += amount;
    this.times.push(nowMs);
    this.cumulativeUnits.push(this.grantedUnits);
  }

  private expire(nowMs: number): void {
    const windowMs = this.budget.windowMs;
    while (this.head < this.times.length && nowMs - this.times[this.head]! > windowMs) {
      this.expiredUnits = this.cumulativeUnits[this.head]!;
      this.head++;
    }
    if (this.head >= compactAfterEntries && this.head * 2 >= this.times.length) {
      this.times = this.times.slice(this.head);
      this.cumulativeUnits = this.cumulativeUnits.slice(this.head);
      this.head = 0;
    }
  }
}
