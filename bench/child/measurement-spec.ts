import type { CacheMode, TranslationFigures } from '../measurements/translate-export';

/** One measurement, run alone in a fresh child process so its peak memory is its own. */
export type MeasurementSpec =
  | { kind: 'pass-through'; input: string; output: string }
  | {
      kind: 'translate-file';
      input: string;
      output: string;
      cache: CacheMode;
      cacheDirectory: string;
      /** Source language; absent means detect per message (the default, and the costlier). */
      from?: string;
    }
  /** An Excel workbook translated to an Excel workbook, from Spanish, with no translation memory. */
  | { kind: 'translate-xlsx'; input: string; output: string };

/** What a child reports back. */
export interface MeasurementResult {
  kind: MeasurementSpec['kind'];
  /** Wall-clock seconds of the work itself (module loading and process start excluded). */
  seconds: number;
  /**
   * CPU seconds (user + system, all threads) the work used. Steadier than wall time on a shared machine:
   * other processes delay the work but do not add to its CPU time.
   */
  cpuSeconds: number;
  /** Peak resident set size of the whole child process, from `process.resourceUsage().maxRSS` at exit. */
  peakRssMegabytes: number;
  /** Resident set size once the modules were loaded, before any work: the floor under the peak. */
  rssBeforeWorkMegabytes: number;
  /** Data rows written. */
  rows: number;
  /** The job's figures, for translation runs. */
  translation?: TranslationFigures;
}

/** Prefix of the line a child prints its result on, so stray output on stdout cannot be mistaken for it. */
export const resultLinePrefix = 'BENCH-RESULT ';
