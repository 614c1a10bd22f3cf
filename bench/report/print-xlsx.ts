import type { XlsxRun } from '../xlsx/run-xlsx';
import type { SummaryRow } from './summary-row';
import { verdict } from './summary-row';
import { formatNumber, renderTable } from './table';

/** Peak RSS of the 200 MB workbook may exceed the 20 MB one's by at most this factor to count as flat. */
const flatFactor = 1.5;

/** The Excel benchmark's table and its summary line. */
export function printXlsx(runs: readonly XlsxRun[]): { text: string; summary: SummaryRow[] } {
  const text = renderTable(
    'Excel workbook in, Excel workbook out (zero-latency provider, from es, no cache)',
    ['Workbook', 'File MB', 'Rows', 'Seconds', 'Rows/s', 'Peak RSS MB', 'RSS before work MB'],
    runs.map((run) => [
      run.label,
      formatNumber(run.workbook.bytes / 1024 / 1024, 1),
      formatNumber(run.result.rows),
      formatNumber(run.result.seconds, 1),
      formatNumber(run.result.rows / run.result.seconds),
      formatNumber(run.result.peakRssMegabytes),
      formatNumber(run.result.rssBeforeWorkMegabytes),
    ]),
  );
  const small = runs.find((run) => run.label === '20 MB');
  const large = runs.find((run) => run.label === '200 MB');
  const ratio =
    small === undefined || large === undefined
      ? Number.NaN
      : large.result.peakRssMegabytes / small.result.peakRssMegabytes;
  return {
    text,
    summary: [
      {
        name: 'Peak RSS, 200 MB workbook vs 20 MB',
        measured: `${formatNumber(ratio, 2)}× (${formatNumber(large?.result.peakRssMegabytes ?? Number.NaN)} MB)`,
        target: `≤ ${flatFactor}× (flat)`,
        verdict: verdict(ratio, ratio <= flatFactor),
      },
    ],
  };
}
