/**
 * The stand-in's quota: at most `limit` characters in any sliding window of `windowMs`, counted when a
 * request arrives, as Azure documents for Translator ("characters should be consumed no faster than …
 * characters per minute sliding window"). A grant at time `t` leaves the window once `now - t > windowMs`,
 * the same edge the client's limiter uses, so a client that paces exactly is never refused.
 */
export class SlidingQuota {
  private readonly grants: Array<{ at: number; characters: number }> = [];
  private head = 0;
  private inWindow = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /**
   * Takes `characters` at `now` if they fit. Otherwise takes nothing and returns how many milliseconds
   * until they would fit (for `Retry-After`).
   */
  take(characters: number, now: number): { granted: true } | { granted: false; retryAfterMs: number } {
    this.expire(now);
    if (this.inWindow + characters <= this.limit) {
      this.grants.push({ at: now, characters });
      this.inWindow += characters;
      return { granted: true };
    }
    // The oldest grants that must leave the window before these characters fit.
    let freed = 0;
    let index = this.head;
    while (index < this.grants.length && this.inWindow - freed + characters > this.limit) {
      freed += this.grants[index]!.characters;
      index += 1;
    }
    const leavesAt = (this.grants[index - 1]?.at ?? now) + this.windowMs + 1;
    return { granted: false, retryAfterMs: Math.max(1, leavesAt - now) };
  }

  /** Characters granted within the window ending at `now`. */
  used(now: number): number {
    this.expire(now);
    return this.inWindow;
  }

  private expire(now: number): void {
    while (this.head < this.grants.length && now - this.grants[this.head]!.at > this.windowMs) {
      this.inWindow -= this.grants[this.head]!.characters;
      this.head += 1;
    }
  }
}
