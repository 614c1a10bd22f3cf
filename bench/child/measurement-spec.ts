import type { CacheMode, TranslationFigures } from '../measurements/translate-export';
import type { WorkbookFacts } from '../xlsx/write-workbook';

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
  | { kind: 'translate-xlsx'; input: string; output: string }
  /**
   * Generates the benchmark workbook of `rows` rows at `output`. Run in a child of its own so that the
   * generator's memory (exceljs holds the shared-string table it writes) stays out of the bench process
   * that starts the measurements.
   */
  | { kind: 'generate-xlsx'; output: string; rows: number };

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
  /**
   * Peak resident set size of the whole child process (worker threads included): the kernel's high-water
   * mark `VmHWM` from `/proc/self/status` at exit on Linux, `process.resourceUsage().maxRSS` elsewhere.
   * Not maxRSS on Linux: it survives fork and exec, so a child started by a large parent reports the
   * parent's size when that is larger than its own (see `peakRssMegabytes` in measure.ts).
   */
  peakRssMegabytes: number;
  /** Resident set size once the modules were loaded, before any work: the floor under the peak. */
  rssBeforeWorkMegabytes: number;
  /** Data rows written. */
  rows: number;
  /** The job's figures, for translation runs. */
  translation?: TranslationFigures;
  /** What was written, for `generate-xlsx`. */
  workbook?: WorkbookFacts;
}

/** Prefix of the line a child prints its result on, so stray output on stdout cannot be mistaken for it. */
export const resultLinePrefix = 'BENCH-RESULT ';
