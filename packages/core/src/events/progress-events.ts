import type { JobKind } from './job-kind';

/** A sum of money, exact: a decimal string such as `"12.3456"` in an ISO 4217 currency such as `"EUR"`. */
export interface CostAmount {
  /** Decimal string; never a binary float, so sums stay exact. */
  amount: string;
  /** ISO 4217 code, upper case. */
  currency: string;
}

/** A job began. Sent once, before any `progress`. */
export interface JobStartedEvent {
  /** Identifies the job in every event and in its manifest; stable across a resumed run. */
  jobId: string;
  kind: JobKind;
  /** ISO-8601 UTC, e.g. `2026-11-22T09:30:00.000Z`. */
  startedAt: string;
  /** Rows (texts, files, records) to process; absent while the input is still being counted. */
  totalRows?: number;
  /** Units of work to process, in `unit`; absent while unknown. */
  totalUnits?: number;
  /** What units count: `characters`, `audioSeconds`, … (the provider's billing unit). */
  unit: string;
}

/** Work advanced. Sent as results arrive, throttled by the job to a few per second at most. */
export interface JobProgressEvent {
  jobId: string;
  /** Rows finished so far (successfully, from the content store, or failed). */
  rowsDone: number;
  /** Rows in the job; absent while unknown. */
  rowsTotal?: number;
  /** Of `rowsDone`, rows answered from the content store without a new provider call (a resumed run). */
  cachedRows?: number;
  /** Of `rowsDone`, rows that failed and are reported in the output. */
  failedRows?: number;
  /** Units finished so far, in `unit`. */
  unitsDone: number;
  /** Units in the job; absent while unknown. */
  unitsTotal?: number;
  unit: string;
  /**
   * Units the provider bills for so far, in `unit`. Can differ from `unitsDone`: some providers bill
   * every target language separately, or round up per request. 0 for rows served from the store.
   */
  billedUnits: number;
  /** Cost so far; absent when no price is known for this provider. */
  cost?: CostAmount;
  /** Estimated seconds to completion; absent until there is enough signal (see `createEtaEstimator`). */
  etaSeconds?: number;
}

/** Something worth telling the user that did not stop the job. */
export interface JobWarningEvent {
  jobId: string;
  /** Stable, machine-readable code (`snake_case`), e.g. `empty_row`, `language_not_detected`. */
  code: string;
  /** What happened and what, if anything, to do about it. */
  message: string;
  /** 1-based data row concerned; absent when the warning is about the job as a whole. */
  row?: number;
}

/** A request failed in a way that may succeed later, and will be sent again after `delayMs`. */
export interface JobRetryEvent {
  jobId: string;
  /** Which retry this is: 1 for the first retry (the second attempt). */
  attempt: number;
  /** Milliseconds until the retry is sent. */
  delayMs: number;
  /** The error code that caused the retry, e.g. `http_429`, `connection_reset`. */
  code: string;
  /** The provider's request id of the failed attempt, when it sent one; quote it to their support. */
  requestId?: string;
}

/** A job ended, whether it completed, was aborted or failed. Sent once, last. */
export interface JobFinishedEvent {
  jobId: string;
  /** `completed`: every row was attempted; `aborted`: the caller stopped it; `failed`: a fatal error. */
  status: 'completed' | 'aborted' | 'failed';
  /** ISO-8601 UTC. */
  finishedAt: string;
  /** Wall-clock milliseconds from start to finish. */
  durationMs: number;
  rowsDone: number;
  /** Rows that failed; they are listed in the output, nothing is silently dropped. */
  failedRows: number;
  /** Rows answered from the content store without a new provider call; absent when no store was used. */
  cachedRows?: number;
  unitsDone: number;
  unit: string;
  billedUnits: number;
  /** Total cost; absent when no price is known for this provider. */
  cost?: CostAmount;
}

/**
 * The events every long job (translate, transcribe, entities) emits, each with a single payload
 * argument. Listen with `ProgressEmitter`.
 */
export interface ProgressEventMap {
  started: [event: JobStartedEvent];
  progress: [event: JobProgressEvent];
  warning: [event: JobWarningEvent];
  retry: [event: JobRetryEvent];
  finished: [event: JobFinishedEvent];
}

/** The name of a progress event: `started`, `progress`, `warning`, `retry` or `finished`. */
export type ProgressEventName = keyof ProgressEventMap;
