/**
 * True for HTTP statuses worth sending again later: 408 (request timeout), 429 (too many
 * requests) and every 5xx except 501 (not implemented) and 505 (HTTP version not supported),
 * which will fail the same way every time.
 */
export function isRetryableStatusCode(statusCode: number): boolean {
  if (statusCode === 408 || statusCode === 429) return true;
  return statusCode >= 500 && statusCode <= 599 && statusCode !== 501 && statusCode !== 505;
}
