import { ConfigurationError } from '../errors/configuration-error';
import type { Clock } from '../pacing/clock';
import { systemClock } from '../pacing/clock';

/** Options of {@link createEtaEstimator}. */
export interface EtaEstimatorOptions {
  /** Time source; the system clock by default. Only `now()` is used. */
  clock?: Pick<Clock, 'now'>;
  /**
   * How fast old throughput is forgotten, in milliseconds: the weight of a period halves every
   * `halfLifeMs`. Default 30,000 — steady enough for bursty batch results, quick to follow a slowdown.
   */
  halfLifeMs?: number;
  /** No estimate until this many milliseconds after the first update. Default 5,000. */
  warmUpMs?: number;
}

/** Smoothed throughput and time to completion for a progress display. */
export interface EtaEstimator {
  /**
   * Records the total units done so far (cumulative, not a delta). Call it when results arrive and also
   * periodically without new results, so that a stall lowers the rate.
   */
  update(unitsDone: number): void;
  /** Smoothed throughput in units per second; `undefined` until the warm-up has passed. */
  unitsPerSecond(): number | undefined;
  /**
   * Whole seconds, rounded up, until `unitsTotal` units are done at the smoothed rate; 0 once they are.
   * `undefined` until the warm-up has passed, or while nothing is progressing.
   */
  etaSeconds(unitsTotal: number): number | undefined;
}

/**
 * Creates an {@link EtaEstimator}: an exponentially weighted average of throughput (units done over time
 * taken, both decayed by age), which handles irregular update intervals and starts as a plain average.
 */
export function createEtaEstimator(options: EtaEstimatorOptions = {}): EtaEstimator {
  const clock = options.clock ?? systemClock;
  const halfLifeMs = options.halfLifeMs ?? 30_000;
  const warmUpMs = options.warmUpMs ?? 5_000;
  if (!(halfLifeMs > 0 && Number.isFinite(halfLifeMs))) {
    throw new ConfigurationError({
      message: `halfLifeMs must be a positive number, got ${halfLifeMs}.`,
      setting: 'halfLifeMs',
    });
  }
  if (!(warmUpMs >= 0 && Number.isFinite(warmUpMs))) {
    throw new ConfigurationError({
      message: `warmUpMs must be a non-negative number, got ${warmUpMs}.`,
      setting: 'warmUpMs',
    });
  }

  let firstAtMs: number | undefined;
  let lastAtMs = 0;
  let lastUnits = 0;
  let latestUnits = 0;
  // Decayed sums of units done and of milliseconds taken; their ratio is the smoothed rate.
  let weightedUnits = 0;
  let weightedMs = 0;

  const rate = (): number | undefined => {
    if (firstAtMs === undefined || weightedMs === 0) return undefined;
    if (clock.now() - firstAtMs < warmUpMs) return undefined;
    return (weightedUnits / weightedMs) * 1000;
  };

  return {
    update(unitsDone) {
      const nowMs = clock.now();
      latestUnits = unitsDone;
      if (firstAtMs === undefined) {
        firstAtMs = nowMs;
        lastAtMs = nowMs;
        lastUnits = unitsDone;
        return;
      }
      const elapsedMs = nowMs - lastAtMs;
      // Same instant: the units are counted with the next period.
      if (elapsedMs <= 0) return;
      const decay = 2 ** (-elapsedMs / halfLifeMs);
      weightedUnits = weightedUnits * decay + Math.max(0, unitsDone - lastUnits);
      weightedMs = weightedMs * decay + elapsedMs;
      lastAtMs = nowMs;
      lastUnits = unitsDone;
    },
    unitsPerSecond: rate,
    etaSeconds(unitsTotal) {
      const unitsPerSecond = rate();
      if (unitsPerSecond === undefined) return undefined;
      const remaining = unitsTotal - latestUnits;
      if (remaining <= 0) return 0;
      if (unitsPerSecond <= 0) return undefined;
      return Math.ceil(remaining / unitsPerSecond);
    },
  };
}
