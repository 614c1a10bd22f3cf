import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MeasurementResult } from '../child/measurement-spec';
import { runInChild } from '../child/run-in-child';
import { type WorkbookFacts, writeWorkbook } from './write-workbook';

/** One workbook translated: what it held and what the job cost in time and memory. */
export interface XlsxRun {
  label: string;
  workbook: WorkbookFacts;
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
 * Generates a Cellebrite-style workbook of about 20 MB and one of about 200 MB in a temporary folder
 * (deleted afterwards: nothing this large is kept or committed), and translates each to a workbook in a
 * fresh child process with the zero-latency provider, so the time and peak RSS are the reader's, the
 * pipeline's and the writer's. Flat memory means the 200 MB peak is close to the 20 MB one.
 */
export async function runXlsx(options: { log: (line: string) => void }): Promise<XlsxRun[]> {
  const folder = await mkdtemp(join(tmpdir(), 'toex-bench-xlsx-'));
  const runs: XlsxRun[] = [];
  try {
    for (const size of sizes) {
      const input = join(folder, `chats-${size.rows}.xlsx`);
      options.log(`xlsx: generating a ${size.label} workbook of ${size.rows.toLocaleString('en-GB')} rows…`);
      const started = performance.now();
      const workbook = await writeWorkbook(input, size.rows);
      const generatedInSeconds = (performance.now() - started) / 1000;
      options.log(
        `xlsx: ${(workbook.bytes / 1024 / 1024).toFixed(1)} MB in ${generatedInSeconds.toFixed(0)} s; translating…`,
      );
      const result = await runInChild<MeasurementResult>('measure', {
        kind: 'translate-xlsx',
        input,
        output: join(folder, `chats-${size.rows}.translated.xlsx`),
      });
      options.log(
        `xlsx: ${size.label}: ${result.seconds.toFixed(1)} s, peak RSS ${result.peakRssMegabytes.toFixed(0)} MB`,
      );
      runs.push({ label: size.label, workbook, generatedInSeconds, result });
      await rm(input, { force: true });
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  return runs;
}
