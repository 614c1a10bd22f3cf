/** One request as a provider stand-in or a test saw it: units, and when it was granted and answered (ms). */
export interface RequestRecord {
  readonly units: number;
  readonly grantedAt: number;
  readonly answeredAt: number;
}

/**
 * The most units any closed window of `windowMs` could have counted, whenever within its
 * grant..answer span the provider counted each request: a request counts in a window that overlaps its
 * span. The worst window starts at some request's answer, so only those are tried (O(n²), for tests).
 */
export function maxUnitsInAnyWindow(records: readonly RequestRecord[], windowMs: number): number {
  let worst = 0;
  for (const start of records) {
    const from = start.answeredAt;
    const to = from + windowMs;
    let units = 0;
    for (const record of records)
      if (record.answeredAt >= from && record.grantedAt <= to) units += record.units;
    worst = Math.max(worst, units);
  }
  return worst;
}

/** The most units granted within any window of `windowMs` (by grant time): the quota use in the busiest window. */
export function busiestWindow(records: readonly RequestRecord[], windowMs: number): number {
  const sorted = [...records].sort((left, right) => left.grantedAt - right.grantedAt);
  let best = 0;
  let sum = 0;
  let tail = 0;
  for (const record of sorted) {
    sum += record.units;
    while (sorted[tail]!.grantedAt < record.grantedAt - windowMs) sum -= sorted[tail++]!.units;
    best = Math.max(best, sum);
  }
  return best;
}
