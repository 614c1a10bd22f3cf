/**
 * Response headers that carry the provider's id for a request, in the order they are tried:
 * Azure (`x-requestid`, `apim-request-id`, `x-ms-request-id`), AWS, Google, Deepgram and the
 * generic `x-request-id`. Quote the id when reporting a problem to the provider.
 */
export const REQUEST_ID_HEADER_NAMES: readonly string[] = [
  'x-requestid',
  'x-request-id',
  'x-ms-request-id',
  'apim-request-id',
  'request-id',
  'x-amzn-requestid',
  'x-amz-request-id',
  'x-goog-request-id',
  'dg-request-id',
];

/** The provider's request id from `headers`, or `undefined` when none of {@link REQUEST_ID_HEADER_NAMES} is present. */
export function findRequestId(headers: Pick<Headers, 'get'>): string | undefined {
  for (const name of REQUEST_ID_HEADER_NAMES) {
    const value = headers.get(name)?.trim();
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}
