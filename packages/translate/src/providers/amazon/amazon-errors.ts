import { createAwsErrorParser, type ErrorParser } from '@toex/core';

// Errors of TranslateText (https://docs.aws.amazon.com/translate/latest/APIReference/API_TranslateText.html#API_TranslateText_Errors)
// and the common ones of every AWS API (https://docs.aws.amazon.com/translate/latest/APIReference/CommonErrors.html).
// Most are HTTP 400 and told apart only by `__type` (or the `x-amzn-ErrorType` header).

const throttled =
  'Amazon Translate is throttling this account (TooManyRequestsException). toex backs off and retries; lower --concurrency, or ask AWS Support to raise the quota.';

/** What each Amazon Translate exception means for a toex user, and whether sending again can help. */
export const AMAZON_ERROR_HINTS: Readonly<Record<string, { hint: string; retryable: boolean }>> = {
  TooManyRequestsException: { hint: throttled, retryable: true },
  ThrottlingException: { hint: throttled, retryable: true },
  ServiceUnavailableException: {
    hint: 'Amazon Translate is temporarily unavailable; retrying usually helps.',
    retryable: true,
  },
  InternalServerException: {
    hint: 'Amazon Translate failed temporarily; retrying usually helps.',
    retryable: true,
  },
  TextSizeLimitExceededException: {
    hint: 'The text is over 10,000 UTF-8 bytes; toex splits texts below that, so please report this.',
    retryable: false,
  },
  UnsupportedLanguagePairException: {
    hint: 'Amazon Translate does not translate this language pair: check the codes against https://docs.aws.amazon.com/translate/latest/dg/what-is-languages.html.',
    retryable: false,
  },
  DetectedLanguageLowConfidenceException: {
    hint: 'Amazon could not tell the language of this text; pass --from.',
    retryable: false,
  },
  InvalidRequestException: {
    hint: 'Amazon Translate refused the request; the message says why.',
    retryable: false,
  },
  ResourceNotFoundException: {
    hint: 'The custom terminology does not exist in this region: check its name and AWS_REGION (ListTerminologies).',
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
    hint: 'The temporary credentials have expired: refresh AWS_SESSION_TOKEN (and the key pair that goes with it).',
    retryable: false,
  },
  AccessDeniedException: {
    hint: 'The credentials may not call translate:TranslateText (and translate:GetTerminology for terminologies): grant it in IAM.',
    retryable: false,
  },
};

/**
 * Reads an AWS JSON 1.1 error body for the core HTTP client: the exception name (from `__type` after `#`,
 * else the `x-amzn-ErrorType` header) becomes `providerCode`, and the table says what to do. Never throws.
 */
export const parseAmazonError: ErrorParser = createAwsErrorParser(AMAZON_ERROR_HINTS);
