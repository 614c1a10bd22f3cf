/** Headers as `parseRetryAfter` reads them: a `Headers` object or anything with a `get(name)` method. */
export type RetryAfterHeaders = Pick<Headers, 'get'>;

// A non-negative decimal number: delta-seconds in `Retry-After`, milliseconds in the `-ms` headers.
const nonNegativeNumberPattern = /^\d+(?:\.\d+)?$/;

function parseMilliseconds(value: string | null): number | undefined {
  const trimmed = value?.trim();
  if (trimmed === undefined || !nonNegativeNumberPattern.test(trimmed)) return undefined;
  return Math.ceil(Number(trimmed));
}

/**
 * How long, in milliseconds, the server asked the client to wait before retrying, or `undefined`
 * when it did not say (or said something unparseable). Reads, in order: `retry-after-ms`,
 * `x-ms-retry-after-ms` (Azure), then `Retry-After` as delta-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`, measured from `nowMs`; a date in the past gives 0).
 * Not capped: the retry loop applies its `maxRetryAfterMs`.
 */
export function parseRetryAfter(headers: RetryAfterHeaders, nowMs: number = Date.now()): number | undefined {
  const milliseconds =
    parseMilliseconds(headers.get('retry-after-ms')) ?? parseMilliseconds(headers.get('x-ms-retry-after-ms'));
  if (milliseconds !== undefined) return milliseconds;
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter === undefined || retryAfter === '') return undefined;
  if (nonNegativeNumberPattern.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
  // Only accept values that look like dates: Date.parse also accepts bare numbers such as "-5".
  if (!/[a-z]/i.test(retryAfter)) return undefined;
  const dateMs = Date.parse(retryAfter);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, Math.ceil(dateMs - nowMs));
}
