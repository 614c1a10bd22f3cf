import { invalidArgument } from './invalid-argument';

/** A calendar date (`2026-11-22`, midnight UTC), an ISO-8601 timestamp with a zone, or a `Date`. */
export type DateInput = Date | string;

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const timestampPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** True when `text` is a `YYYY-MM-DD` day or an ISO-8601 timestamp with `Z` or an offset. */
export function isDateText(text: string): boolean {
  return (dayPattern.test(text) || timestampPattern.test(text)) && !Number.isNaN(Date.parse(text));
}

/** Milliseconds since the epoch for `date`; a bare day means midnight UTC. Throws on anything else. */
export function toInstant(date: DateInput): number {
  const instant = date instanceof Date ? date.getTime() : isDateText(date) ? Date.parse(date) : Number.NaN;
  if (Number.isNaN(instant)) {
    throw invalidArgument(
      `"${String(date)}" is not a date. Use YYYY-MM-DD or an ISO-8601 time such as 2026-11-22T10:00:00Z.`,
    );
  }
  return instant;
}

/** `2026-11-22T10:15:00Z`: ISO-8601 UTC to the second, as FinOps FOCUS requires. */
export function formatUtcTimestamp(instant: number): string {
  return `${new Date(instant).toISOString().slice(0, 19)}Z`;
}

/** `2026-11-22`: the UTC day of `instant`. */
export function formatUtcDay(instant: number): string {
  return new Date(instant).toISOString().slice(0, 10);
}
