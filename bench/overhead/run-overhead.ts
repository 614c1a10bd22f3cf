import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { MeasurementResult, MeasurementSpec } from '../child/measurement-spec';
import { runInChild } from '../child/run-in-child';
import { ensureExport, type GeneratedExport } from '../data/ensure-export';
import { scratchDirectory } from '../paths';
import { formatNumber } from '../report/table';

/**
 * The ways the same export is processed: the baseline; `translateFile` without and with a cache, with the
 * CLI's defaults (each message's language detected locally); and the same two given the source language
 * (`from: 'es'`, `--from es`), which shows what local language detection costs.
 */
export const overheadModes = [
  'pass-through',
  'no cache',
  'file cache',
  'no cache, from es',
  'file cache, from es',
] as const;

/** The modes of the memory-growth run: given the source language, so 10× the rows fits in a few minutes. */
export const scaledModes = [
  'no cache, from es',
  'file cache, from es',
] as const satisfies readonly OverheadMode[];
export type OverheadMode = (typeof overheadModes)[number];

/** One measurement of one mode. */
export interface OverheadRun {
  round: number;
  mode: OverheadMode;
  result: MeasurementResult;
}

/** All runs over one export. */
export interface OverheadSeries {
  input: GeneratedExport;
  runs: OverheadRun[];
}

/** What the overhead benchmark measured. */
export interface OverheadResults {
  base: OverheadSeries;
  /** The translation modes once each over `scaleFactor` times the rows; absent when skipped. */
  scaled?: OverheadSeries;
}

/**
 * Processes the base export `rounds` times in each mode, each run in a fresh child process, rotating the
 * order every round so no mode always runs first (cold disk cache) or last.
 */
export async function runOverheadRounds(options: {
  rows: number;
  rounds: number;
  log: (line: string) => void;
}): Promise<OverheadSeries> {
  await mkdir(scratchDirectory, { recursive: true });
  const input = await prepare(options.rows, options.log);
  const runs: OverheadRun[] = [];
  for (let round = 1; round <= options.rounds; round += 1) {
    const order = overheadModes.map((_, index) => overheadModes[(index + round - 1) % overheadModes.length]!);
    for (const mode of order) {
      runs.push(await measureMode(input, mode, round, `round ${round}/${options.rounds}`, options.log));
    }
  }
  return { input, runs };
}

/**
 * Runs the {@link scaledModes} once over the scaled export, side by side: this series measures memory
 * (each child's own peak RSS), not speed, and running them together keeps `npm run bench` short. Local
 * language detection is left out (it holds a fixed ~45 MB model and a bounded memo, nothing that grows
 * with the file) because with it 10× the rows would take most of the ten minutes the benchmarks may use.
 */
export async function runScaledMemory(options: {
  rows: number;
  log: (line: string) => void;
}): Promise<OverheadSeries> {
  await mkdir(scratchDirectory, { recursive: true });
  const input = await prepare(options.rows, options.log);
  const runs = await Promise.all(
    scaledModes.map((mode) =>
      measureMode(
        input,
        mode,
        1,
        `${formatNumber(options.rows)} rows`,
        options.log,
        [],
        mode.replaceAll(/\W+/g, '-'),
      ),
    ),
  );
  return { input, runs };
}

async function prepare(rows: number, log: (line: string) => void): Promise<GeneratedExport> {
  const input = await ensureExport(rows);
  const size = `${formatNumber(input.bytes / 1024 / 1024, 1)} MB`;
  log(
    input.generatedInSeconds > 0
      ? `generated ${formatNumber(rows)} rows (${size}) in ${formatNumber(input.generatedInSeconds, 1)} s`
      : `using cached ${formatNumber(rows)}-row export (${size})`,
  );
  return input;
}

/** Runs one mode over `input` in a fresh child process. */
export async function measureMode(
  input: GeneratedExport,
  mode: OverheadMode,
  round: number,
  label: string,
  log: (line: string) => void,
  nodeArguments: readonly string[] = [],
  scratchName = 'run',
): Promise<OverheadRun> {
  const spec = specFor(input.path, mode, scratchName);
  const result = await runInChild<MeasurementResult>('measure', spec, { nodeArguments });
  log(
    `${label} · ${mode.padEnd(12)} ${formatNumber(result.seconds, 2).padStart(7)} s, peak RSS ${formatNumber(result.peakRssMegabytes)} MB`,
  );
  return { round, mode, result };
}

/** The child's job; `scratchName` keeps the outputs and caches of runs side by side apart. */
function specFor(input: string, mode: OverheadMode, scratchName: string): MeasurementSpec {
  const output = join(scratchDirectory, `${scratchName}-output.csv`);
  if (mode === 'pass-through') return { kind: 'pass-through', input, output };
  return {
    kind: 'translate-file',
    input,
    output,
    cache: mode.startsWith('file cache') ? 'file' : 'none',
    cacheDirectory: join(scratchDirectory, `${scratchName}-toex-cache`),
    ...(mode.endsWith('from es') ? { from: 'es' } : {}),
  };
}
