import { describe, expect, it } from 'vitest';
import { ApiCallError, MAX_ERROR_BODY_LENGTH } from './api-call-error';
import { ToexError } from './toex-error';

describe('ApiCallError', () => {
  it('says what failed, where, the provider detail, the request id and what to do', () => {
    const error = new ApiCallError({
      method: 'post',
      url: 'https://api-eur.cognitive.microsofttranslator.com/translate',
      statusCode: 429,
      providerCode: '429001',
      providerMessage: 'The server rejected the request because the client has exceeded request limits.',
      requestId: 'abc',
      hint: 'Retrying later or lowering --chars-per-minute helps.',
    });
    expect(error.message).toBe(
      'POST https://api-eur.cognitive.microsofttranslator.com/translate failed with HTTP 429 ' +
        '(429001: The server rejected the request because the client has exceeded request limits.), ' +
        'request id abc. Retrying later or lowering --chars-per-minute helps.',
    );
    expect(error).toMatchObject({ name: 'ApiCallError', code: 'http_429', method: 'POST', retryable: true });
  });

  it.each([
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [501, false],
    [505, false],
    [400, false],
    [401, false],
    [404, false],
  ])('treats HTTP %i as retryable=%s by default', (statusCode, retryable) => {
    expect(new ApiCallError({ method: 'GET', url: 'https://x.test', statusCode }).retryable).toBe(retryable);
  });

  it('defaults network errors and timeouts to retryable, invalid responses to not', () => {
    expect(new ApiCallError({ method: 'GET', url: 'https://x.test' })).toMatchObject({
      code: 'network_error',
      retryable: true,
    });
    expect(new ApiCallError({ method: 'GET', url: 'https://x.test', code: 'timeout' }).retryable).toBe(true);
    expect(
      new ApiCallError({ method: 'GET', url: 'https://x.test', code: 'invalid_response', statusCode: 200 })
        .retryable,
    ).toBe(false);
  });

  it('truncates long bodies to about 2 KB', () => {
    const error = new ApiCallError({
      method: 'GET',
      url: 'https://x.test',
      statusCode: 500,
      responseBody: 'x'.repeat(10_000),
    });
    expect(error.responseBody?.startsWith('x'.repeat(MAX_ERROR_BODY_LENGTH))).toBe(true);
    expect(error.responseBody).toContain('10000 characters in total');
    expect(error.responseBody?.length).toBeLessThan(MAX_ERROR_BODY_LENGTH + 100);
  });

  it('is recognised across module copies and as a ToexError', () => {
    const error = new ApiCallError({ method: 'GET', url: 'https://x.test', statusCode: 500 });
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(ToexError.isInstance(error)).toBe(true);
    expect(ApiCallError.isInstance(new ToexError({ code: 'x', message: 'x' }))).toBe(false);
  });

  it('keeps the cause chain', () => {
    const cause = new Error('read ECONNRESET');
    expect(new ApiCallError({ method: 'GET', url: 'https://x.test', cause }).cause).toBe(cause);
  });
});
