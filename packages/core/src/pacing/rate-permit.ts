/** Permission to send one request. Release it when the response (or error) is in. */
export interface RatePermit {
  /** Clock time in milliseconds at which the permit was granted. */
  readonly grantedAt: number;
  /** Milliseconds the request waited in the queue; 0 when granted at once. */
  readonly waitedMs: number;
  /**
   * Frees the concurrency slot. The units stay spent until they leave their windows: counted from the
   * grant, or from now with the limiter's `countUnitsFrom: 'release'`. Calling it again does nothing.
   */
  release(): void;
  /**
   * Takes the request's units back out of every budget, as if it had never been granted, and frees the
   * concurrency slot if it is still held. For a request the provider refused without counting it: an
   * HTTP 429 says the request was not processed. Not for timeouts or dropped connections, which the
   * provider may have counted. Report the 429 with `RateLimiter.throttled` first, so the room this
   * frees waits out the pause. Works before or after `release`; calling it again does nothing.
   */
  refund(): void;
}
