/**
 * Child-process entry: runs the one measurement given as JSON in `argv[2]` and prints its result on a
 * line starting with {@link resultLinePrefix}. Run by `runInChild`; never imported.
 */
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { limitHeapGrowth } from '@toex/core';
import { passThroughCsv } from '../measurements/pass-through-csv';
import { translateExport } from '../measurements/translate-export';
import { type WorkbookFacts, writeWorkbook } from '../xlsx/write-workbook';
import { type MeasurementResult, type MeasurementSpec, resultLinePrefix } from './measurement-spec';

const megabyte = 1024 * 1024;

async function measure(spec: MeasurementSpec): Promise<MeasurementResult> {
  const rssBeforeWorkMegabytes = process.memoryUsage.rss() / megabyte;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let rows: number;
  let translation: MeasurementResult['translation'];
  let workbook: WorkbookFacts | undefined;
  if (spec.kind === 'generate-xlsx') {
    workbook = await writeWorkbook(spec.output, spec.rows);
    rows = workbook.rows;
  } else if (spec.kind === 'pass-through') {
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
  if (spec.kind !== 'generate-xlsx') await rm(spec.output, { force: true });
  await rm(`${spec.output}.manifest.json`, { force: true });
  if (spec.kind === 'translate-file') await rm(spec.cacheDirectory, { recursive: true, force: true });
  return {
    kind: spec.kind,
    seconds,
    cpuSeconds,
    peakRssMegabytes: peakRssMegabytes(),
    rssBeforeWorkMegabytes,
    rows,
    ...(translation === undefined ? {} : { translation }),
    ...(workbook === undefined ? {} : { workbook }),
  };
}

/**
 * This process's peak resident set size. On Linux, `VmHWM` from /proc/self/status: the high-water mark of
 * this process's own memory since exec. Not `getrusage`'s maxRSS (`process.resourceUsage().maxRSS`):
 * Linux carries it over fork and exec, so a child reports its parent's size at the fork whenever that is
 * larger than its own peak. The bench process once generated the 200 MB workbook in-process before
 * starting the child, and the child "peaked" at 546 MB, the parent's size, while its own peak was 259 MB.
 */
function peakRssMegabytes(): number {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match !== null) return (Number(match[1]) * 1024) / megabyte;
  } catch {
    // Not Linux: maxRSS, in kilobytes, is the only figure there.
  }
  return (process.resourceUsage().maxRSS * 1024) / megabyte;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as MeasurementSpec;
// Translations run with the heap setting of the `toex` command, which is what users run.
if (spec.kind !== 'pass-through' && spec.kind !== 'generate-xlsx') limitHeapGrowth();
const result = await measure(spec);
process.stdout.write(`${resultLinePrefix}${JSON.stringify(result)}\n`);
