import { type ModeFigures, modeFigures, scalingFigures } from '../overhead/overhead-figures';
import { type OverheadResults, overheadModes, scaledModes } from '../overhead/run-overhead';
import type { SummaryRow } from './summary-row';
import { verdict } from './summary-row';
import { formatNumber, renderTable } from './table';

const modeNames: Record<(typeof overheadModes)[number], string> = {
  'pass-through': 'csv-parse → csv-stringify pass-through',
  'no cache': 'translateFile, cache: false',
  'file cache': 'translateFile, file cache (fresh)',
  'no cache, from es': 'translateFile, cache: false, from: es',
  'file cache, from es': 'translateFile, file cache, from: es',
};

/** The overhead and memory tables, and their lines of the summary. */
export function printOverhead(results: OverheadResults): { text: string; summary: SummaryRow[] } {
  const { input } = results.base;
  const figures = overheadModes.map((mode) => modeFigures(results, mode));
  const rounds = figures[0]?.seconds.length ?? 0;
  const overhead = renderTable(
    `Pipeline overhead: ${formatNumber(input.rows)} rows, ${formatNumber(input.bytes / 1024 / 1024, 1)} MB, ` +
      `${formatNumber(input.bodyCharacters / 1e6, 1)}M message characters; zero-latency in-process provider; ` +
      `${rounds} round${rounds === 1 ? '' : 's'}, medians`,
    [
      'Run',
      'Time',
      'Each round',
      'Ratio to pass-through',
      'CPU time',
      'CPU ratio',
      'Rows/s',
      'Peak RSS',
      'RSS before work',
    ],
    figures.map((figure) => [
      modeNames[figure.mode],
      `${formatNumber(figure.medianSeconds, 2)} s`,
      figure.seconds.map((seconds) => formatNumber(seconds, 1)).join(' / '),
      figure.mode === 'pass-through' ? '1.00×' : `${formatNumber(figure.medianRatio, 2)}×`,
      `${formatNumber(figure.medianCpuSeconds, 2)} s`,
      figure.mode === 'pass-through' ? '1.00×' : `${formatNumber(figure.medianCpuRatio, 2)}×`,
      formatNumber(figure.rowsPerSecond),
      `${formatNumber(figure.medianPeakRssMegabytes)} MB`,
      `${formatNumber(figure.medianRssBeforeWorkMegabytes)} MB`,
    ]),
  );
  const scaling = overheadModes.flatMap((mode) => {
    const figure = scalingFigures(results, mode);
    return figure === undefined ? [] : [figure];
  });
  const scaled = results.scaled;
  const factor = scaled === undefined ? 0 : scaled.input.rows / input.rows;
  const memory =
    scaled === undefined || scaling.length === 0
      ? '\n(The 10× memory run was skipped: --quick.)'
      : renderTable(
          `Memory as the file grows: ${formatNumber(input.rows)} → ${formatNumber(scaled.input.rows)} rows ` +
            `(${formatNumber(scaled.input.bytes / 1024 / 1024)} MB); at ${formatNumber(factor)}× one run per mode, side by side`,
          [
            'Run',
            'Peak RSS 1×',
            `Peak RSS ${formatNumber(factor)}×`,
            'Growth',
            `Time ${formatNumber(factor)}× (side by side)`,
          ],
          scaling.map((figure) => [
            modeNames[figure.mode],
            `${formatNumber(figure.basePeakRssMegabytes)} MB`,
            `${formatNumber(figure.scaledPeakRssMegabytes)} MB`,
            `${formatNumber(figure.rssGrowth, 2)}×`,
            `${formatNumber(figure.scaledSeconds, 1)} s`,
          ]),
        );
  return { text: `${overhead}\n${memory}`, summary: summaryRows(figures, results) };
}

function summaryRows(figures: ModeFigures[], results: OverheadResults): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const figure of figures.filter((candidate) => candidate.mode !== 'pass-through')) {
    rows.push({
      name: `Time vs pass-through, ${figure.mode}`,
      measured: `${formatNumber(figure.medianRatio, 2)}×`,
      target: '≤ 1.5×',
      verdict: verdict(figure.medianRatio, figure.medianRatio <= 1.5),
    });
  }
  for (const figure of figures.filter((candidate) => candidate.mode !== 'pass-through')) {
    rows.push({
      name: `Peak RSS, ${figure.mode}`,
      measured: `${formatNumber(figure.medianPeakRssMegabytes)} MB`,
      target: '≤ 200 MB',
      verdict: verdict(figure.medianPeakRssMegabytes, figure.medianPeakRssMegabytes <= 200),
    });
  }
  for (const mode of scaledModes) {
    const figure = scalingFigures(results, mode);
    rows.push({
      name: `Peak RSS at 10× rows vs 1×, ${mode}`,
      measured: figure === undefined ? 'skipped (--quick)' : `${formatNumber(figure.rssGrowth, 2)}×`,
      target: '≤ 1.5×',
      verdict: figure === undefined ? 'not run' : verdict(figure.rssGrowth, figure.rssGrowth <= 1.5),
    });
  }
  return rows;
}
