import { ToexAbortError } from '../errors/abort-error';

/**
 * A source of time and delays. Everything in toex that waits takes one, so tests can run hours of
 * pacing in simulated time (`createSimulatedClock`) instead of sleeping.
 */
export interface Clock {
  /**
   * Current time in milliseconds. Only differences are meaningful: the system clock is monotonic
   * (`performance.now()`), not wall-clock time, so an NTP step cannot stall or burst a job.
   */
  now(): number;
  /**
   * Resolves after `ms` milliseconds. Rejects with {@link ToexAbortError} as soon as `signal` aborts,
   * or at once if it already has.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

// setTimeout fires at once for delays above 2^31-1 ms, so longer sleeps are chained.
const longestTimerMs = 2_147_483_647;

/** The real clock: `performance.now()` and `setTimeout`. The default wherever a clock is optional. */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new ToexAbortError({ cause: signal.reason }));
        return;
      }
      const deadline = performance.now() + Math.max(0, ms);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => {
        clearTimeout(timer);
        reject(new ToexAbortError({ cause: signal?.reason }));
      };
      const arm = () => {
        const remainingMs = deadline - performance.now();
        if (remainingMs <= 0) {
          signal?.removeEventListener('abort', onAbort);
          resolve();
          return;
        }
        timer = setTimeout(arm, Math.min(remainingMs, longestTimerMs));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      arm();
    }),
};
