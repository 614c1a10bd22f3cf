import { median } from '../statistics';
import type { OverheadMode, OverheadResults, OverheadRun } from './run-overhead';

/** One mode's figures over the base export. */
export interface ModeFigures {
  mode: OverheadMode;
  /** Seconds of each run, in round order. */
  seconds: number[];
  medianSeconds: number;
  /** Median over rounds of this run's time divided by the pass-through's in the same round. */
  medianRatio: number;
  medianCpuSeconds: number;
  /** The same ratio on CPU time, which other load on the machine disturbs less. */
  medianCpuRatio: number;
  medianPeakRssMegabytes: number;
  maximumPeakRssMegabytes: number;
  medianRssBeforeWorkMegabytes: number;
  rowsPerSecond: number;
}

/** Peak memory and time at the scaled size against the base size. */
export interface ScalingFigures {
  mode: OverheadMode;
  basePeakRssMegabytes: number;
  scaledPeakRssMegabytes: number;
  /** Scaled peak RSS over base peak RSS. */
  rssGrowth: number;
  /** Seconds of the scaled run; both modes run side by side, so this is not a speed figure. */
  scaledSeconds: number;
}

/** Derives medians and same-round ratios per mode. */
export function modeFigures(results: OverheadResults, mode: OverheadMode): ModeFigures {
  const runs = results.base.runs.filter((run) => run.mode === mode);
  const baseline = (round: number): OverheadRun | undefined =>
    results.base.runs.find((run) => run.mode === 'pass-through' && run.round === round);
  const ratiosOf = (measure: (run: OverheadRun) => number) =>
    runs.flatMap((run) => {
      const reference = baseline(run.round);
      return reference === undefined ? [] : [measure(run) / measure(reference)];
    });
  const seconds = runs.map((run) => run.result.seconds);
  const peaks = runs.map((run) => run.result.peakRssMegabytes);
  return {
    mode,
    seconds,
    medianSeconds: median(seconds),
    medianRatio: median(ratiosOf((run) => run.result.seconds)),
    medianCpuSeconds: median(runs.map((run) => run.result.cpuSeconds)),
    medianCpuRatio: median(ratiosOf((run) => run.result.cpuSeconds)),
    medianPeakRssMegabytes: median(peaks),
    maximumPeakRssMegabytes: Math.max(...peaks),
    medianRssBeforeWorkMegabytes: median(runs.map((run) => run.result.rssBeforeWorkMegabytes)),
    rowsPerSecond: results.base.input.rows / median(seconds),
  };
}

/** Compares the scaled run of a mode with the median of its base runs; undefined when not run. */
export function scalingFigures(results: OverheadResults, mode: OverheadMode): ScalingFigures | undefined {
  const scaled = results.scaled?.runs.find((run) => run.mode === mode);
  if (scaled === undefined || results.scaled === undefined) return undefined;
  const base = modeFigures(results, mode);
  return {
    mode,
    basePeakRssMegabytes: base.medianPeakRssMegabytes,
    scaledPeakRssMegabytes: scaled.result.peakRssMegabytes,
    rssGrowth: scaled.result.peakRssMegabytes / base.medianPeakRssMegabytes,
    scaledSeconds: scaled.result.seconds,
  };
}
