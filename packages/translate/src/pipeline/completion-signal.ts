import { ToexAbortError } from '@toex/core';

/**
 * Wakes the orchestrator when a request finishes. `waitAfter(seen)` resolves at once if anything
 * finished since `seen` was read, so a completion between the check and the wait is never missed.
 */
export class CompletionSignal {
  private notified = 0;
  private waiters: Array<() => void> = [];

  /** Completions so far; read before checking state, then pass to {@link CompletionSignal.waitAfter}. */
  get count(): number {
    return this.notified;
  }

  notify(): void {
    this.notified += 1;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  waitAfter(seen: number, signal: AbortSignal): Promise<void> {
    if (this.notified !== seen) return Promise.resolve();
    if (signal.aborted) return Promise.reject(new ToexAbortError({ cause: signal.reason }));
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(new ToexAbortError({ cause: signal.reason }));
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }
}
