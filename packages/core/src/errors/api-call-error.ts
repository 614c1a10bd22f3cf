import { isRetryableStatusCode } from '../http/is-retryable-status-code';
import { type HeadersInput, redactHeaders } from '../secrets/redact-headers';
import { redactSecrets } from '../secrets/redact-secrets';
import { redactUrl } from '../secrets/redact-url';
import { hasMarker, ToexError } from './toex-error';

const marker = 'toex.error.api_call';
const symbol = Symbol.for(marker);

/** How much of a response body an {@link ApiCallError} keeps, in characters. */
export const MAX_ERROR_BODY_LENGTH = 2048;
// Bodies are redacted before truncation (so a secret cut in half cannot survive), but only this
// much of a huge body is redacted at all.
const maxRedactedBodyLength = 64 * 1024;
const maxProviderMessageLength = 500;

/** What an {@link ApiCallError} is built from. Everything is redacted by the constructor. */
export interface ApiCallErrorOptions {
  /** HTTP method, e.g. `POST`. */
  method: string;
  /** Request URL; stored and shown redacted. */
  url: string | URL;
  /** Machine-readable code; defaults to `http_<status>` when `statusCode` is set, else `network_error`. */
  code?: string;
  /** HTTP status, absent when no response arrived (network error, timeout). */
  statusCode?: number;
  /** The provider's own error code, e.g. Azure `429001` or DeepL `quota_exceeded`. */
  providerCode?: string;
  /** The provider's own error message. */
  providerMessage?: string;
  /** The provider's id for the request, from a response header. */
  requestId?: string;
  /** Response headers; stored as `redactHeaders` returns them. */
  responseHeaders?: HeadersInput;
  /** Response body as text; stored redacted and truncated to {@link MAX_ERROR_BODY_LENGTH} characters. */
  responseBody?: string;
  /** How long the provider asked us to wait before retrying, in milliseconds. */
  retryAfterMs?: number;
  /** Defaults to {@link isRetryableStatusCode} for HTTP errors, true for `network_error` and `timeout`, false otherwise. */
  retryable?: boolean;
  /** What happened, replacing the default `failed with HTTP <status>`, e.g. `timed out after 200 ms`. */
  problem?: string;
  /** What to do about it, appended to the message, e.g. `Lower --chars-per-minute.` */
  hint?: string;
  /** Replaces the composed message entirely (still redacted). Prefer `problem` and `hint`, which keep the URL and request id in it. */
  message?: string;
  cause?: unknown;
}

function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  return `${text.slice(0, maxLength)}… [truncated; ${text.length} characters in total]`;
}

function defaultRetryable(code: string, statusCode: number | undefined): boolean {
  if (code === 'network_error' || code === 'timeout') return true;
  return statusCode !== undefined && code.startsWith('http_') && isRetryableStatusCode(statusCode);
}

function describeProvider(providerCode: string | undefined, providerMessage: string | undefined): string {
  if (providerCode !== undefined && providerMessage !== undefined)
    return ` (${providerCode}: ${providerMessage})`;
  if (providerCode !== undefined) return ` (${providerCode})`;
  if (providerMessage !== undefined) return ` (${providerMessage})`;
  return '';
}

/**
 * A call to a provider's API failed: an HTTP error status, a network failure, a per-attempt
 * timeout, or a response that was not the expected JSON (`invalid_response`).
 *
 * Safe to log and to store: the URL, headers, body and message are redacted when the error is
 * built, so registered secrets and credential headers never appear in it. `retryable` tells the
 * retry loop whether sending the same request later may succeed.
 */
export class ApiCallError extends ToexError {
  private readonly [symbol] = true;
  /** Redacted request URL. */
  readonly url: string;
  /** HTTP method, upper-case. */
  readonly method: string;
  /** HTTP status; absent when no response arrived. */
  readonly statusCode: number | undefined;
  /** The provider's own error code, when its error body had one. */
  readonly providerCode: string | undefined;
  /** The provider's own error message (redacted), when its error body had one. */
  readonly providerMessage: string | undefined;
  /** The provider's request id, when a response header carried one. */
  readonly requestId: string | undefined;
  /** Response headers, redacted by allow-list; empty when no response arrived. */
  readonly responseHeaders: Readonly<Record<string, string>>;
  /** Response body, redacted and truncated; absent when there was none. May hold content, so never log it. */
  readonly responseBody: string | undefined;
  /** How long the provider asked us to wait before retrying, in milliseconds; absent when it did not say. */
  readonly retryAfterMs: number | undefined;

  constructor(options: ApiCallErrorOptions) {
    const method = options.method.toUpperCase();
    const url = redactUrl(options.url);
    const code =
      options.code ?? (options.statusCode === undefined ? 'network_error' : `http_${options.statusCode}`);
    const providerMessage =
      options.providerMessage === undefined
        ? undefined
        : truncate(redactSecrets(options.providerMessage.trim()), maxProviderMessageLength);
    const problem =
      options.problem ??
      (options.statusCode === undefined ? 'failed' : `failed with HTTP ${options.statusCode}`);
    const requestIdPart = options.requestId === undefined ? '' : `, request id ${options.requestId}`;
    const hintPart = options.hint === undefined ? '' : ` ${options.hint}`;
    super({
      code,
      message: redactSecrets(
        options.message ??
          `${method} ${url} ${problem}${describeProvider(options.providerCode, providerMessage)}${requestIdPart}.${hintPart}`,
      ),
      retryable: options.retryable ?? defaultRetryable(code, options.statusCode),
      cause: options.cause,
    });
    this.name = 'ApiCallError';
    this.url = url;
    this.method = method;
    this.statusCode = options.statusCode;
    this.providerCode = options.providerCode === undefined ? undefined : redactSecrets(options.providerCode);
    this.providerMessage = providerMessage;
    this.requestId = options.requestId === undefined ? undefined : redactSecrets(options.requestId);
    this.responseHeaders =
      options.responseHeaders === undefined ? {} : redactHeaders(options.responseHeaders);
    this.responseBody =
      options.responseBody === undefined || options.responseBody === ''
        ? undefined
        : truncate(
            redactSecrets(options.responseBody.slice(0, maxRedactedBodyLength)),
            MAX_ERROR_BODY_LENGTH,
          );
    this.retryAfterMs = options.retryAfterMs;
  }

  static override isInstance(error: unknown): error is ApiCallError {
    return hasMarker(error, marker);
  }
}
