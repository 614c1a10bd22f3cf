import { createAwsErrorParser, type ErrorParser } from '@toex/core';

// Errors of DetectEntities (https://docs.aws.amazon.com/comprehend/latest/APIReference/API_DetectEntities.html#API_DetectEntities_Errors)
// and the common ones of every AWS API (https://docs.aws.amazon.com/comprehend/latest/APIReference/CommonErrors.html).

const throttled =
  'Amazon Comprehend is throttling this account; toex backs off and retries. Ask AWS Support to raise the quota for large jobs.';

/** What each Comprehend exception means for a toex user, and whether sending again can help. */
export const COMPREHEND_ERROR_HINTS: Readonly<Record<string, { hint: string; retryable: boolean }>> = {
  ThrottlingException: { hint: throttled, retryable: true },
  TooManyRequestsException: { hint: throttled, retryable: true },
  InternalServerException: {
    hint: 'Amazon Comprehend failed temporarily; retrying usually helps.',
    retryable: true,
  },
  ServiceUnavailableException: {
    hint: 'Amazon Comprehend is temporarily unavailable; retrying usually helps.',
    retryable: true,
  },
  TextSizeLimitExceededException: {
    hint: 'The text is over 100 KB of UTF-8; toex splits texts below that, so please report this.',
    retryable: false,
  },
  UnsupportedLanguageException: {
    hint: 'Comprehend does not detect entities in this language: see https://docs.aws.amazon.com/comprehend/latest/dg/supported-languages.html.',
    retryable: false,
  },
  InvalidRequestException: {
    hint: 'Amazon Comprehend refused the request; the message says why.',
    retryable: false,
  },
  UnrecognizedClientException: {
    hint: 'AWS does not know the access key: check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
    retryable: false,
  },
  InvalidSignatureException: {
    hint: "AWS refused the request signature: check AWS_SECRET_ACCESS_KEY and this machine's clock.",
    retryable: false,
  },
  ExpiredTokenException: {
    hint: 'The temporary credentials have expired: refresh AWS_SESSION_TOKEN.',
    retryable: false,
  },
  AccessDeniedException: {
    hint: 'The credentials may not call comprehend:DetectEntities: grant it in IAM.',
    retryable: false,
  },
};

/** Reads an AWS JSON 1.1 error body (or the `x-amzn-ErrorType` header) for the core HTTP client. Never throws. */
export const parseComprehendError: ErrorParser = createAwsErrorParser(COMPREHEND_ERROR_HINTS);
