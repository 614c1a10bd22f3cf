import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MeasurementResult } from '../child/measurement-spec';
import { runInChild } from '../child/run-in-child';
import { repositoryRoot } from '../paths';
import type { WorkbookFacts } from './write-workbook';

/** One workbook translated: what it held and what the job cost in time and memory. */
export interface XlsxRun {
  label: string;
  workbook: WorkbookFacts;
  /** Seconds spent generating the workbook in this run; 0 when a cached one was used. */
  generatedInSeconds: number;
  result: MeasurementResult;
}

/**
 * Rows of the two workbooks. Each row carries attachment hashes, which compress poorly, as in real
 * reports: about 850 bytes a row once zipped, so 23,500 rows make about 20 MB and 235,000 about 200 MB.
 */
const sizes = [
  { label: '20 MB', rows: 23_500 },
  { label: '200 MB', rows: 235_000 },
] as const;

/**
 * Where the generated workbooks are kept between runs: the system's temporary folder, not `.bench-data/`,
 * so 210 MB of generated files never sit in a worktree. Named after the generator's sources, so a changed
 * generator makes new files and the old ones are deleted.
 */
const cacheDirectory = join(tmpdir(), 'toex-bench-xlsx');

/**
 * Translates a Cellebrite-style workbook of about 20 MB and one of about 200 MB to workbooks, each in a
 * fresh child process with the zero-latency provider, so the time and peak RSS are the reader's, the
 * pipeline's and the writer's. Flat memory means the 200 MB peak is close to the 20 MB one.
 *
 * The workbooks are generated once, each in a child process of its own (exceljs's writer holds the
 * shared-string table it writes, hundreds of MB for the large one, which must not be in this process when
 * it starts the measurement), and reused from {@link cacheDirectory} by later runs.
 */
export async function runXlsx(options: { log: (line: string) => void }): Promise<XlsxRun[]> {
  await mkdir(cacheDirectory, { recursive: true, mode: 0o700 });
  const version = await generatorVersion();
  await removeOtherVersions(version);
  const runs: XlsxRun[] = [];
  for (const size of sizes) {
    const input = join(cacheDirectory, `chats-${size.rows}-${version}.xlsx`);
    let workbook = await readFacts(input);
    let generatedInSeconds = 0;
    if (workbook === undefined) {
      options.log(`xlsx: generating a ${size.label} workbook of ${size.rows.toLocaleString('en-GB')} rows…`);
      const started = performance.now();
      const generated = await runInChild<MeasurementResult>('measure', {
        kind: 'generate-xlsx',
        output: input,
        rows: size.rows,
      });
      generatedInSeconds = (performance.now() - started) / 1000;
      if (generated.workbook === undefined) throw new Error('The workbook generator reported nothing.');
      workbook = generated.workbook;
      await writeFile(`${input}.json`, JSON.stringify(workbook));
      options.log(
        `xlsx: ${(workbook.bytes / 1024 / 1024).toFixed(1)} MB in ${generatedInSeconds.toFixed(0)} s (kept in ${cacheDirectory} for later runs)`,
      );
    } else {
      options.log(`xlsx: using the ${size.label} workbook generated earlier (${input})`);
    }
    options.log(`xlsx: translating the ${size.label} workbook…`);
    const result = await runInChild<MeasurementResult>('measure', {
      kind: 'translate-xlsx',
      input,
      output: join(cacheDirectory, `chats-${size.rows}.translated.xlsx`),
    });
    options.log(
      `xlsx: ${size.label}: ${result.seconds.toFixed(1)} s, peak RSS ${result.peakRssMegabytes.toFixed(0)} MB`,
    );
    runs.push({ label: size.label, workbook, generatedInSeconds, result });
  }
  return runs;
}

/** The facts saved beside a workbook generated earlier, when the workbook is still there and whole. */
async function readFacts(path: string): Promise<WorkbookFacts | undefined> {
  try {
    const facts = JSON.parse(await readFile(`${path}.json`, 'utf8')) as WorkbookFacts;
    const { size } = await stat(path);
    return size === facts.bytes ? facts : undefined;
  } catch {
    return undefined;
  }
}

/** Deletes workbooks (and outputs) made by an earlier version of the generator. */
async function removeOtherVersions(version: string): Promise<void> {
  for (const name of await readdir(cacheDirectory)) {
    if (!name.includes(`-${version}.xlsx`)) await rm(join(cacheDirectory, name), { force: true });
  }
}

/** The sources that decide what a workbook holds. */
const generatorSources = [
  'xlsx/write-workbook.ts',
  'data/compose-message.ts',
  'data/spanish-vocabulary.ts',
  'data/seeded-random.ts',
];

/** First 8 hex digits of the SHA-256 of the generator's sources. */
async function generatorVersion(): Promise<string> {
  const hash = createHash('sha256');
  for (const name of generatorSources) {
    hash.update(name);
    hash.update(await readFile(join(repositoryRoot, 'bench', name)));
  }
  return hash.digest('hex').slice(0, 8);
}
