import { systemClock, ToexAbortError } from '@toex/core';
import { vi } from 'vitest';

/**
 * Makes `systemClock` — the clock the job's rate limiter uses, since jobs take no clock option — virtual:
 * a pause after a 429 (5 s without Retry-After, doubling) or a pacing wait returns at once and moves the
 * clock forward by its length instead. Real time still flows underneath. Restore with `vi.restoreAllMocks()`.
 * Returns the waits asked for, in milliseconds.
 */
export function useVirtualSystemClock(): { waits: number[] } {
  const waits: number[] = [];
  let skewMs = 0;
  vi.spyOn(systemClock, 'now').mockImplementation(() => performance.now() + skewMs);
  vi.spyOn(systemClock, 'sleep').mockImplementation(async (ms, signal) => {
    if (signal?.aborted) throw new ToexAbortError({ cause: signal.reason });
    waits.push(ms);
    skewMs += Math.max(0, ms);
  });
  return { waits };
}
