import type { RateBudget } from './rate-budget';

// Compact the grant log once this many expired entries have piled up at its front.
const compactAfterEntries = 1024;

/**
 * The units of one {@link RateBudget} still inside its window, with running totals so that checking
 * room is O(1) amortised and finding when room appears is O(log n). Internal to the rate limiter.
 *
 * Units are counted in one of two ways. Logged units carry a time `t` and count against every window
 * that contains `t`, including a window ending exactly at `t + windowMs`: they leave the window only
 * once `now - t > windowMs`. So over any closed interval of length `windowMs` the logged units never
 * exceed the limit. Held units (a request in flight whose units are counted from when it completes)
 * have no time yet: they count against every window until they are logged with {@link settle} or
 * taken back with {@link refundHeld}.
 */
export class SlidingWindow {
  readonly budget: RateBudget;
  /** The limit currently enforced: the budget's limit scaled down after throttling. */
  effectiveLimit: number;
  private times: number[] = [];
  // Units logged since creation, less refunds, as of the end of each entry (prefix sums), for the binary search.
  private cumulativeUnits: number[] = [];
  // Entry number of `times[0]`: entries keep their number when the log is compacted.
  private base = 0;
  private head = 0;
  private expiredUnits = 0;
  private loggedUnits = 0;
  private heldUnits = 0;
  // Holds not yet settled or refunded, so that held units return to exactly 0 whatever the rounding.
  private holds = 0;
  private grantedUnits = 0;
  private refundedUnits = 0;

  constructor(budget: RateBudget) {
    this.budget = budget;
    this.effectiveLimit = budget.limit;
  }

  /** Units granted since the limiter was created, refunded ones included. */
  get unitsGranted(): number {
    return this.grantedUnits;
  }

  /** Units granted and then taken back since the limiter was created. */
  get unitsRefunded(): number {
    return this.refundedUnits;
  }

  /** Units counted within the window ending at `nowMs`, held units included. */
  unitsInWindow(nowMs: number): number {
    this.expire(nowMs);
    return this.loggedUnits - this.expiredUnits + this.heldUnits;
  }

  /**
   * Units counted up to `nowMs` that will still be in the window at `futureMs` (not before `nowMs`).
   * Held units count: they will be logged no earlier than `nowMs`.
   */
  unitsStillInWindowAt(futureMs: number, nowMs: number): number {
    this.expire(nowMs);
    const oldestKeptMs = futureMs - this.budget.windowMs;
    // The first entry that has not left the window by `futureMs`.
    let low = this.head;
    let high = this.times.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.times[middle]! < oldestKeptMs) low = middle + 1;
      else high = middle;
    }
    const expiredBy = low === this.head ? this.expiredUnits : this.cumulativeUnits[low - 1]!;
    return this.loggedUnits - expiredBy + this.heldUnits;
  }

  /**
   * The earliest time, not before `nowMs`, at which `amount` more units fit. A request larger than the
   * effective limit (but within the configured one) fits only into an empty window, so throttling can
   * slow such a request down but never block it forever. Infinity when only held units could make
   * room: that time is not known until they are settled, which wakes the limiter.
   */
  readyAt(amount: number, nowMs: number): number {
    if (amount === 0) return nowMs;
    const used = this.unitsInWindow(nowMs);
    if (used === 0 || used + amount <= this.effectiveLimit) return nowMs;
    const mustExpire = amount > this.effectiveLimit ? used : used + amount - this.effectiveLimit;
    if (this.holds > 0 && mustExpire > this.loggedUnits - this.expiredUnits) return Number.POSITIVE_INFINITY;
    // The first entry whose expiry frees enough units.
    let low = this.head;
    let high = this.times.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulativeUnits[middle]! - this.expiredUnits >= mustExpire) high = middle;
      else low = middle + 1;
    }
    // One millisecond past the window edge: the entry has then certainly left the window.
    return this.times[low]! + this.budget.windowMs + 1;
  }

  /**
   * Records `amount` units granted at `nowMs` (times must not go backwards). Returns the entry's
   * number, for {@link refundLogged}.
   */
  record(amount: number, nowMs: number): number {
    this.grantedUnits += amount;
    return this.log(amount, nowMs);
  }

  /** Counts `amount` units granted now against every window until they are settled or refunded. */
  hold(amount: number): void {
    this.grantedUnits += amount;
    this.heldUnits += amount;
    this.holds++;
  }

  /**
   * Logs held units at `nowMs` (times must not go backwards): from now on they leave the window as
   * recorded ones do. Returns the entry's number, for {@link refundLogged}.
   */
  settle(amount: number, nowMs: number): number {
    this.unhold(amount);
    return this.log(amount, nowMs);
  }

  /** Takes held units back out: they were never counted by the provider. */
  refundHeld(amount: number): void {
    this.unhold(amount);
    this.refundedUnits += amount;
  }

  /**
   * Takes the units of a logged entry back out. O(entries logged after it), which for a request
   * refunded when its answer comes in is the few granted meanwhile.
   */
  refundLogged(entry: number, amount: number): void {
    this.refundedUnits += amount;
    const position = entry - this.base;
    // Already out of the window, or compacted away: nothing is counted any more.
    if (position < this.head) return;
    for (let index = position; index < this.cumulativeUnits.length; index++) {
      this.cumulativeUnits[index]! -= amount;
    }
    this.loggedUnits -= amount;
  }

  private unhold(amount: number): void {
    this.holds--;
    this.heldUnits = this.holds === 0 ? 0 : this.heldUnits - amount;
  }

  private log(amount: number, nowMs: number): number {
    const entry = this.base + this.times.length;
    this.loggedUnits += amount;
    this.times.push(nowMs);
    this.cumulativeUnits.push(this.loggedUnits);
    return entry;
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
      this.base += this.head;
      this.head = 0;
    }
  }
}
