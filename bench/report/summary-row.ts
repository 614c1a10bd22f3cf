/** One line of the closing summary table. */
export interface SummaryRow {
  name: string;
  measured: string;
  target: string;
  verdict: 'pass' | 'FAIL' | 'info' | 'not run';
}

/** `pass` when `passed`, else `FAIL`; `not run` when the figure is missing (NaN). */
export function verdict(measured: number, passed: boolean): SummaryRow['verdict'] {
  if (!Number.isFinite(measured)) return 'not run';
  return passed ? 'pass' : 'FAIL';
}
