import { quotaFigures } from '../quota/quota-figures';
import { perRequestCap, type QuotaResult } from '../quota/run-quota';
import type { SummaryRow } from './summary-row';
import { verdict } from './summary-row';
import { formatNumber, formatPercent, renderTable } from './table';

/** The quota tables, and their lines of the summary. */
export function printQuota(results: readonly QuotaResult[]): { text: string; summary: SummaryRow[] } {
  const rows = results.map((result) => ({ result, figures: quotaFigures(result) }));
  const latency = results[0]?.latencyMs ?? 0;
  const main = renderTable(
    `Quota over HTTP: Azure adapter → local stand-in (Azure wire format, ${latency} ms latency, sliding 60 s quota, 429 + Retry-After)`,
    [
      'Quota (chars/min)',
      'Rows',
      'Chars billed',
      'Time (ideal)',
      'Quota used',
      'Requests',
      'Packing minimum',
      'Ratio',
      '429s',
      'Retries',
      'Rows lost',
    ],
    rows.map(({ result, figures }) => [
      formatNumber(result.scenario.charactersPerMinute),
      formatNumber(result.client.rows),
      formatNumber(figures.acceptedCharacters),
      `${formatNumber(result.client.seconds, 1)} s (${formatNumber(figures.idealSeconds, 1)} s)`,
      `${formatPercent(figures.quotaUsed)} of ${figures.completeMinutes} min`,
      formatNumber(figures.acceptedRequests),
      `${formatNumber(figures.packingMinimum)} (cap ${formatNumber(perRequestCap(result.scenario))})`,
      `${formatNumber(figures.requestRatio, 2)}×`,
      formatNumber(result.server.throttled),
      formatNumber(result.client.retries),
      formatNumber(result.client.rowsLost),
    ]),
  );
  const minutes = renderTable(
    'Quota over HTTP, minute by minute (from the first accepted request)',
    ['Quota (chars/min)', 'Minute', 'Characters accepted', 'Share of quota', 'Requests'],
    rows.flatMap(({ result, figures }) =>
      figures.minutes.map((minute) => [
        formatNumber(result.scenario.charactersPerMinute),
        `${minute.minute}${minute.minute > figures.completeMinutes ? ' (last, partial)' : ''}`,
        formatNumber(minute.characters),
        formatPercent(minute.share),
        formatNumber(minute.requests),
      ]),
    ),
  );
  const throttles = rows.flatMap(({ result }) => {
    const first = Math.min(...result.server.accepted.map((request) => request.arrivedAt));
    return result.server.throttledRequests.map(
      (request) =>
        `  ${formatNumber(result.scenario.charactersPerMinute)}/min: 429 at ${formatNumber((request.arrivedAt - first) / 1000, 2)} s ` +
        `for ${formatNumber(request.characters)} characters with ${formatNumber(request.inWindow)} in the window; Retry-After ${request.retryAfterSeconds} s`,
    );
  });
  const throttleText =
    throttles.length === 0 ? '' : `\n429s (times from the first accepted request):\n${throttles.join('\n')}`;
  const summary = rows.flatMap(({ result, figures }): SummaryRow[] => {
    const quota = `${formatNumber(result.scenario.charactersPerMinute)}/min`;
    return [
      {
        name: `Quota used, ${quota}`,
        measured: formatPercent(figures.quotaUsed),
        target: '≥ 95%',
        verdict: verdict(figures.quotaUsed, figures.quotaUsed >= 0.95),
      },
      {
        name: `Requests vs packing minimum, ${quota}`,
        measured: `${figures.acceptedRequests} vs ${figures.packingMinimum} (${formatNumber(figures.requestRatio, 2)}×)`,
        target: '≤ 1.05×',
        verdict: verdict(figures.requestRatio, figures.requestRatio <= 1.05),
      },
      {
        name: `Rows lost, ${quota}`,
        measured: formatNumber(result.client.rowsLost),
        target: '0',
        verdict: verdict(result.client.rowsLost, result.client.rowsLost === 0),
      },
      {
        name: `429s received, ${quota}`,
        measured: formatNumber(result.server.throttled),
        target: '(reported)',
        verdict: 'info',
      },
    ];
  });
  return { text: `${main}\n${minutes}${throttleText}`, summary };
}
