import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { GeneratedExport } from '../data/ensure-export';
import { benchDataDirectory } from '../paths';
import { type ProfileSummary, summariseCpuProfile } from '../report/summarise-cpu-profile';
import { measureMode, type OverheadMode } from './run-overhead';

/**
 * Runs `translateFile` once in `mode` under `node --cpu-prof` and adds up where its main thread spent
 * the time. The profile is kept in `.bench-data/profiles/<mode>/` for Chrome DevTools or speedscope.
 */
export async function profileTranslation(
  input: GeneratedExport,
  mode: OverheadMode,
  log: (line: string) => void,
): Promise<{ path: string; summary: ProfileSummary }> {
  const directory = join(benchDataDirectory, 'profiles', mode.replaceAll(/\W+/g, '-'));
  await rm(directory, { recursive: true, force: true });
  await mkdir(directory, { recursive: true });
  await measureMode(input, mode, 1, 'profile (--cpu-prof)', log, [
    '--cpu-prof',
    `--cpu-prof-dir=${directory}`,
  ]);
  const [file] = (await readdir(directory)).filter((name) => name.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error(`node --cpu-prof wrote no profile to ${directory}.`);
  const path = join(directory, file);
  return { path, summary: await summariseCpuProfile(path) };
}
