/**
 * Child-process entry: runs the one measurement given as JSON in `argv[2]` and prints its result on a
 * line starting with {@link resultLinePrefix}. Run by `runInChild`; never imported.
 */
import { rm } from 'node:fs/promises';
import { limitHeapGrowth } from '@toex/core';
import { passThroughCsv } from '../measurements/pass-through-csv';
import { translateExport } from '../measurements/translate-export';
import { type MeasurementResult, type MeasurementSpec, resultLinePrefix } from './measurement-spec';

const megabyte = 1024 * 1024;

async function measure(spec: MeasurementSpec): Promise<MeasurementResult> {
  const rssBeforeWorkMegabytes = process.memoryUsage.rss() / megabyte;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let rows: number;
  let translation: MeasurementResult['translation'];
  if (spec.kind === 'pass-through') {
    // Three added cells, as a translation to one language adds: Body_en, Body_lang, toex_status.
    rows = (
      await passThroughCsv(
        spec.input,
        spec.output,
        ['Body_en', 'Body_lang', 'toex_status'],
        ['-', 'es', 'ok'],
      )
    ).rows;
  } else if (spec.kind === 'translate-xlsx') {
    translation = await translateExport({ ...spec, cache: 'none', cacheDirectory: '', from: 'es' });
    rows = translation.rows;
  } else {
    translation = await translateExport(spec);
    rows = translation.rows;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // The output is not needed, and 10× runs would fill the disk.
  await rm(spec.output, { force: true });
  await rm(`${spec.output}.manifest.json`, { force: true });
  if (spec.kind === 'translate-file') await rm(spec.cacheDirectory, { recursive: true, force: true });
  return {
    kind: spec.kind,
    seconds,
    cpuSeconds,
    // maxRSS is in kilobytes.
    peakRssMegabytes: (process.resourceUsage().maxRSS * 1024) / megabyte,
    rssBeforeWorkMegabytes,
    rows,
    ...(translation === undefined ? {} : { translation }),
  };
}

const spec = JSON.parse(process.argv[2] ?? '{}') as MeasurementSpec;
// Translations run with the heap setting of the `toex` command, which is what users run.
if (spec.kind !== 'pass-through') limitHeapGrowth();
const result = await measure(spec);
process.stdout.write(`${resultLinePrefix}${JSON.stringify(result)}\n`);
