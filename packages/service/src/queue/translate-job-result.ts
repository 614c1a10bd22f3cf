/** What a finished translate job returns, kept with the job for {@link getJobStatus}. */
export interface TranslateJobResult {
  output: string;
  manifest: string;
  rows: number;
  failedRows: number;
  skippedRows: number;
  /** Characters billed to this job, including what its killed earlier attempts paid for. */
  billedCharacters: number;
  /** Requests answered. */
  requests: number;
  /** Cost of what was billed, when a price is known. */
  cost: { amount: string; currency: string } | null;
  /** Why the job stopped sending early (`budget_exceeded`, …), when it did. */
  stoppedBy: { code: string; message: string } | null;
  /** What `toex translate` would have exited with: 0, 3 (budget) or 4 (failed rows). */
  exitCode: 0 | 3 | 4;
}

/** Progress a running job reports. */
export interface JobProgress {
  /** Rows written so far. */
  rowsDone: number;
  /** Share of the input read, 0–100. */
  percent: number;
  /** Characters billed so far. */
  billedCharacters: number;
}
