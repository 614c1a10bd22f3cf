/** Permission to send one request. Release it when the response (or error) is in. */
export interface RatePermit {
  /** Clock time in milliseconds at which the permit was granted. */
  readonly grantedAt: number;
  /** Milliseconds the request waited in the queue; 0 when granted at once. */
  readonly waitedMs: number;
  /**
   * Frees the concurrency slot. The units stay spent until they leave their windows. Calling it again
   * does nothing.
   */
  release(): void;
}
