import { ToexAbortError } from '../errors/abort-error';
import type { Clock } from './clock';

/**
 * A {@link Clock} whose time only moves when told to. Timers fire in due order, and pending promise
 * callbacks run between timers, so async code under test behaves as it would in real time.
 */
export interface SimulatedClock extends Clock {
  /** Moves time forward by `ms` milliseconds, firing every timer that falls due on the way. */
  advanceBy(ms: number): Promise<void>;
  /** Moves time forward to `timeMs` (never backwards), firing every timer that falls due on the way. */
  advanceTo(timeMs: number): Promise<void>;
  /**
   * Fires timers in order until none are left, then returns. Stops early, with timers still pending,
   * once time would pass `untilMs` (default: no limit), so a forgotten periodic timer cannot spin forever.
   */
  runAll(options?: { untilMs?: number }): Promise<void>;
  /** Number of sleeps that have neither fired nor been aborted. */
  readonly pendingTimers: number;
}

interface Timer {
  dueMs: number;
  sequence: number;
  fire: () => void;
}

// One macrotask turn drains every queued promise callback (and those they queue in turn).
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Creates a {@link SimulatedClock} starting at `startMs` (default 0). */
export function createSimulatedClock(startMs = 0): SimulatedClock {
  let nowMs = startMs;
  let sequence = 0;
  // Sorted by due time, then creation order; test workloads keep this short.
  const timers: Timer[] = [];

  const insert = (timer: Timer) => {
    let low = 0;
    let high = timers.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const other = timers[middle]!;
      if (other.dueMs < timer.dueMs || (other.dueMs === timer.dueMs && other.sequence < timer.sequence)) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    timers.splice(low, 0, timer);
  };

  const advanceTo = async (targetMs: number) => {
    for (;;) {
      await settle();
      const next = timers[0];
      if (next === undefined || next.dueMs > targetMs) break;
      timers.shift();
      nowMs = Math.max(nowMs, next.dueMs);
      next.fire();
    }
    nowMs = Math.max(nowMs, targetMs);
    await settle();
  };

  return {
    now: () => nowMs,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(new ToexAbortError({ cause: signal.reason }));
          return;
        }
        const onAbort = () => {
          const index = timers.indexOf(timer);
          if (index >= 0) timers.splice(index, 1);
          reject(new ToexAbortError({ cause: signal?.reason }));
        };
        const timer: Timer = {
          dueMs: nowMs + Math.max(0, ms),
          sequence: sequence++,
          fire: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        insert(timer);
      }),
    advanceBy: (ms) => advanceTo(nowMs + ms),
    advanceTo,
    runAll: async (options = {}) => {
      const untilMs = options.untilMs ?? Number.POSITIVE_INFINITY;
      for (;;) {
        await settle();
        const next = timers[0];
        if (next === undefined || next.dueMs > untilMs) return;
        await advanceTo(next.dueMs);
      }
    },
    get pendingTimers() {
      return timers.length;
    },
  };
}
