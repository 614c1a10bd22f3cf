import type { ProfileSummary } from './summarise-cpu-profile';
import { formatNumber, formatPercent, renderTable } from './table';

/** Where a profiled translation spent its main thread's time: by file or package, then by function. */
export function printProfile(mode: string, path: string, summary: ProfileSummary): string {
  const files = renderTable(
    `CPU profile of translateFile (${mode}): self time by file, ${formatNumber(summary.totalMilliseconds / 1000, 1)} s sampled`,
    ['File or package', 'Self time', 'Share'],
    summary.files
      .slice(0, 15)
      .map((entry) => [
        entry.name,
        `${formatNumber(entry.milliseconds / 1000, 2)} s`,
        formatPercent(entry.share),
      ]),
  );
  const functions = renderTable(
    `CPU profile of translateFile (${mode}): self time by function`,
    ['Function', 'Self time', 'Share'],
    summary.functions
      .slice(0, 20)
      .map((entry) => [
        entry.name,
        `${formatNumber(entry.milliseconds / 1000, 2)} s`,
        formatPercent(entry.share),
      ]),
  );
  return `${files}\n${functions}\n\nProfile: ${path} (open in Chrome DevTools or https://www.speedscope.app)`;
}
