import { type SummaryRow, verdict } from '../report/summary-row';
import { formatNumber, renderTable } from '../report/table';
import type { EntitiesResults } from './run-entities';

/** The entities tables and their summary rows (targets from the issue: 20 MB/s and 50 MB/s on one core). */
export function printEntities(results: EntitiesResults): { text: string; summary: SummaryRow[] } {
  const speed = (megabytes: number, seconds: number) => (seconds > 0 ? megabytes / seconds : Number.NaN);
  const baselineSpeed = speed(results.baseline.megabytes, results.baseline.cpuSeconds);
  const recognizerRows = [results.baseline, ...results.recognizers].map((run) => [
    run.name,
    formatNumber(run.texts),
    formatNumber(run.megabytes, 1),
    formatNumber(run.seconds, 2),
    formatNumber(speed(run.megabytes, run.seconds), 1),
    formatNumber(run.cpuSeconds, 2),
    formatNumber(speed(run.megabytes, run.cpuSeconds), 1),
    `${formatNumber(speed(run.megabytes, run.cpuSeconds) / baselineSpeed, 3)}×`,
    run === results.baseline ? '–' : formatNumber(run.findings),
  ]);
  // Small figures (the regex's sample and speed) need more decimals than the rest to read as non-zero.
  const decimals = (value: number) => (value > 0 && value < 0.1 ? 4 : 1);
  const watchlistRows = results.watchlist.map((run) => [
    run.name,
    formatNumber(run.megabytes, decimals(run.megabytes)),
    formatNumber(run.seconds, 2),
    run.megabytes === 0
      ? '–'
      : formatNumber(speed(run.megabytes, run.seconds), decimals(speed(run.megabytes, run.seconds))),
    formatNumber(run.cpuSeconds, 2),
    run.megabytes === 0
      ? '–'
      : formatNumber(speed(run.megabytes, run.cpuSeconds), decimals(speed(run.megabytes, run.cpuSeconds))),
    run.megabytes === 0 ? '–' : formatNumber(run.findings),
  ]);
  const text = [
    renderTable(
      `Entities: recognizers over ${formatNumber(results.rows)} messages (${formatNumber(results.characters / 1e6, 1)} M characters), one core`,
      ['Run', 'Messages', 'MB (UTF-8)', 'Seconds', 'MB/s', 'CPU s', 'MB/CPU s', '× baseline', 'Findings'],
      recognizerRows,
    ),
    renderTable(
      `Entities: ${formatNumber(results.watchlistTerms)}-term watchlist, one core`,
      ['Matcher', 'MB (UTF-8)', 'Seconds', 'MB/s', 'CPU s', 'MB/CPU s', 'Hits'],
      watchlistRows,
    ),
  ].join('\n');
  // One core's work: MB per CPU second of this single-threaded process, so the verdict does not depend on
  // how many other processes shared the machine (the wall-clock figures are in the tables).
  const all = results.recognizers[0]!;
  const allSpeed = speed(all.megabytes, all.cpuSeconds);
  const automaton = results.watchlist[1]!;
  const automatonSpeed = speed(automaton.megabytes, automaton.cpuSeconds);
  const summary: SummaryRow[] = [
    {
      name: 'Entities: all recognizers (per CPU second)',
      measured: `${formatNumber(allSpeed, 1)} MB/s`,
      target: '≥ 20 MB/s',
      verdict: verdict(allSpeed, allSpeed >= 20),
    },
    {
      name: 'Entities: 10,000-term watchlist (per CPU second)',
      measured: `${formatNumber(automatonSpeed, 1)} MB/s`,
      target: '≥ 50 MB/s',
      verdict: verdict(automatonSpeed, automatonSpeed >= 50),
    },
  ];
  return { text, summary };
}
