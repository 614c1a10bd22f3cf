/**
 * `npm run bench`: the pipeline's own overhead and memory against a plain CSV pass-through, its use of a
 * provider's quota over HTTP, and the characters it bills against a naive client. Bundled and started by
 * scripts/bench.mjs; see the "Benchmarks" section of packages/translate/README.md.
 *
 * Order: the timed overhead rounds run alone; then the 10× memory runs and the quota scenarios (which
 * mostly wait for quota) run together; the billing comparison reuses the overhead runs' figures.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { countNaiveClient } from './billing/count-naive-client';
import { ensureExport } from './data/ensure-export';
import { printEntities } from './entities/print-entities';
import { type EntitiesResults, runEntities } from './entities/run-entities';
import type { TranslationFigures } from './measurements/translate-export';
import { profileTranslation } from './overhead/profile-translation';
import {
  measureMode,
  type OverheadMode,
  type OverheadResults,
  type OverheadSeries,
  runOverheadRounds,
  runScaledMemory,
} from './overhead/run-overhead';
import { benchDataDirectory } from './paths';
import { type QuotaResult, runQuota } from './quota/run-quota';
import { describeMachine } from './report/describe-machine';
import { printBilling } from './report/print-billing';
import { printOverhead } from './report/print-overhead';
import { printProfile } from './report/print-profile';
import { printQuota } from './report/print-quota';
import { printXlsx } from './report/print-xlsx';
import type { SummaryRow } from './report/summary-row';
import { formatNumber, renderTable } from './report/table';
import { readSettings } from './settings';
import { printTranscriptionBench, runTranscriptionBench } from './transcribe/run-transcription-bench';
import { runXlsx, type XlsxRun } from './xlsx/run-xlsx';

const settings = readSettings(process.argv.slice(2));
const startedAt = performance.now();
const log = (line: string): void => {
  const elapsed = (performance.now() - startedAt) / 1000;
  process.stdout.write(`  [${formatNumber(elapsed, 0).padStart(4)} s] ${line}\n`);
};

process.stdout.write(`toex benchmarks${settings.quick ? ' (--quick)' : ''}\n${describeMachine()}\n\n`);

const sections: string[] = [];
const summary: SummaryRow[] = [];

let base: OverheadSeries | undefined;
if (settings.only.has('overhead')) {
  base = await runOverheadRounds({ rows: settings.baseRows, rounds: settings.rounds, log });
}
const [scaled, quota] = await Promise.all([
  base !== undefined && settings.scaleFactor > 0
    ? runScaledMemory({ rows: settings.baseRows * settings.scaleFactor, log })
    : Promise.resolve(undefined),
  settings.only.has('quota')
    ? runQuota({ scenarios: settings.quotaScenarios, latencyMs: settings.latencyMs, log })
    : Promise.resolve(undefined),
]);
const overhead: OverheadResults | undefined =
  base === undefined ? undefined : { base, ...(scaled === undefined ? {} : { scaled }) };
if (overhead !== undefined) {
  const printed = printOverhead(overhead);
  sections.push(printed.text);
  summary.push(...printed.summary);
}
if (quota !== undefined) {
  const printed = printQuota(quota);
  sections.push(printed.text);
  summary.push(...printed.summary);
}
let billing: Awaited<ReturnType<typeof compareBilling>> | undefined;
if (settings.only.has('billing')) {
  billing = await compareBilling(overhead);
  const printed = printBilling(billing.rows, billing.naive, billing.toex);
  sections.push(printed.text);
  summary.push(...printed.summary);
}
let entities: EntitiesResults | undefined;
if (settings.only.has('entities')) {
  entities = await runEntities({ rows: settings.baseRows, log });
  const printed = printEntities(entities);
  sections.push(printed.text);
  summary.push(...printed.summary);
}
if (settings.only.has('transcribe')) {
  const transcription = await runTranscriptionBench({ quick: settings.quick, log });
  sections.push(printTranscriptionBench(transcription));
  const ratio = transcription.concurrentSeconds / transcription.sequentialSeconds;
  summary.push({
    name: 'transcription: 60 min chunked+concurrent vs sequential',
    measured: `${formatNumber(ratio, 2)}×`,
    target: '≤ 0.25×',
    verdict: ratio <= 0.25 ? 'pass' : 'FAIL',
  });
}
let xlsx: XlsxRun[] | undefined;
if (settings.only.has('xlsx')) {
  xlsx = await runXlsx({ log });
  const printed = printXlsx(xlsx);
  sections.push(printed.text);
  summary.push(...printed.summary);
}
if (settings.profile) {
  const input = overhead?.base.input ?? (await ensureExport(settings.baseRows));
  for (const mode of ['no cache', 'no cache, from es'] as const) {
    const profile = await profileTranslation(input, mode, log);
    sections.push(printProfile(mode, profile.path, profile.summary));
  }
}

for (const section of sections) process.stdout.write(`${section}\n`);
process.stdout.write(
  `${renderTable(
    'Summary',
    ['Measure', 'Measured', 'Target', 'Result'],
    summary.map((row) => [row.name, row.measured, row.target, row.verdict]),
  )}\n`,
);
const resultsPath = await saveResults({
  settings: { ...settings, only: [...settings.only] },
  overhead,
  quota,
  billing,
  entities,
  xlsx,
  summary,
});
process.stdout.write(
  `\nFinished in ${formatNumber((performance.now() - startedAt) / 1000)} s. ${describeMachine()}\nAll figures: ${resultsPath}\n`,
);

/** The naive client's bill for the base export beside toex's, reusing the overhead runs when there were any. */
async function compareBilling(results: OverheadResults | undefined) {
  const input = results?.base.input ?? (await ensureExport(settings.baseRows));
  const figuresOf = async (mode: OverheadMode): Promise<TranslationFigures> => {
    const run =
      results?.base.runs.find((candidate) => candidate.mode === mode) ??
      (await measureMode(input, mode, 1, 'billing', log));
    const figures = run.result.translation;
    if (figures === undefined) throw new Error(`The ${mode} run reported no translation figures.`);
    return figures;
  };
  const naive = await countNaiveClient(input.path);
  const toex = [
    { label: 'toex translateFile, cache: false', figures: await figuresOf('no cache') },
    { label: 'toex translateFile, file cache', figures: await figuresOf('file cache') },
  ];
  return { rows: input.rows, naive, toex };
}

async function saveResults(results: {
  settings: unknown;
  overhead: OverheadResults | undefined;
  quota: QuotaResult[] | undefined;
  billing: unknown;
  entities: EntitiesResults | undefined;
  xlsx?: XlsxRun[] | undefined;
  summary: SummaryRow[];
}): Promise<string> {
  const directory = join(benchDataDirectory, 'results');
  await mkdir(directory, { recursive: true });
  const path = join(directory, `bench-${new Date().toISOString().replaceAll(':', '-')}.json`);
  await writeFile(path, `${JSON.stringify({ machine: describeMachine(), ...results }, null, 2)}\n`);
  return path;
}
