import { describe, expect, it } from 'vitest';
import { ApiCallError } from './api-call-error';
import { RetryError } from './retry-error';

describe('RetryError', () => {
  it('summarises the last error and the attempt count, keeping every error', () => {
    const first = new ApiCallError({
      method: 'POST',
      url: 'https://x.test/t',
      code: 'timeout',
      problem: 'timed out after 200 ms',
    });
    const last = new ApiCallError({ method: 'POST', url: 'https://x.test/t', statusCode: 503 });
    const error = new RetryError({ errors: [first, last] });
    expect(error.message).toBe(
      'Gave up after 2 attempts; the last one failed: POST https://x.test/t failed with HTTP 503.',
    );
    expect(error).toMatchObject({
      code: 'retries_exhausted',
      attempts: 2,
      lastError: last,
      cause: last,
      retryable: true,
    });
    expect(error.errors).toEqual([first, last]);
    expect(RetryError.isInstance(error)).toBe(true);
    expect(RetryError.isInstance(last)).toBe(false);
  });
});
