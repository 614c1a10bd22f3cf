import { FormData as UndiciFormData, fetch as undiciFetch } from 'undici';
import type { z } from 'zod';
import { ToexAbortError } from '../errors/abort-error';
import { ApiCallError } from '../errors/api-call-error';
import { ConfigurationError } from '../errors/configuration-error';
import { ToexError } from '../errors/toex-error';
import { resolveLogger } from '../logging/resolve-logger';
import { MAX_DELAY_MS } from '../retry/delay';
import { parseRetryAfter } from '../retry/parse-retry-after';
import { redactUrl } from '../secrets/redact-url';
import { assertSecureEndpoint } from './assert-secure-endpoint';
import { buildRequestHeaders } from './build-request-headers';
import { createAttemptSignal } from './create-attempt-signal';
import { findNetworkErrorCode, innermostErrorMessage } from './find-network-error-code';
import { findRequestId } from './find-request-id';
import { formatValidationIssues } from './format-validation-issues';
import type {
  FormFields,
  HeaderRecord,
  HttpClient,
  HttpClientOptions,
  HttpRequest,
  HttpResponse,
  JsonRequestOptions,
  JsonResponse,
  MultipartFields,
  MultipartFile,
} from './http-client';
import { type ErrorParser, parseCommonErrorBody } from './parse-common-error-body';
import { secureJsonParse, UnsafeJsonError } from './secure-json-parse';
import { getSharedAgent } from './shared-agent';

/** Default per-attempt timeout of the HTTP client, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 60_000;

const undiciTimeoutCodes = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

// The subset of a fetch Response the client reads; satisfied by global and undici responses alike.
interface TransportResponse {
  status: number;
  headers: { forEach(callback: (value: string, name: string) => void): void };
  arrayBuffer(): Promise<ArrayBuffer>;
}

interface TransportInit {
  method: string;
  headers: Record<string, string>;
  body: unknown;
  signal: AbortSignal;
  redirect: 'manual';
}

type Transport = (url: string, init: TransportInit) => Promise<TransportResponse>;

interface FormDataLike {
  append(name: string, value: string | Blob, filename?: string): void;
}

function createTransport(options: HttpClientOptions): Transport {
  const { fetch: customFetch, dispatcher } = options;
  if (customFetch !== undefined) {
    return (url, init) =>
      customFetch(url, (dispatcher === undefined ? init : { ...init, dispatcher }) as RequestInit);
  }
  return (url, init) =>
    undiciFetch(url, { ...init, dispatcher: dispatcher ?? getSharedAgent() } as Parameters<
      typeof undiciFetch
    >[1]);
}

function checkTimeoutMs(value: number): number {
  if (!Number.isFinite(value) || value <= 0 || value > MAX_DELAY_MS) {
    throw new ConfigurationError({
      code: 'invalid_option',
      setting: 'timeoutMs',
      message: `timeoutMs must be a number of milliseconds between 1 and ${MAX_DELAY_MS}; got ${String(value)}.`,
    });
  }
  return value;
}

function toHeaders(source: TransportResponse['headers']): Headers {
  if (source instanceof Headers) return source;
  const headers = new Headers();
  source.forEach((value, name) => {
    headers.append(name, value);
  });
  return headers;
}

function isMultipartFile(value: unknown): value is MultipartFile {
  return value !== null && typeof value === 'object' && 'data' in value && 'filename' in value;
}

function encodeForm(fields: FormFields | URLSearchParams): string {
  if (fields instanceof URLSearchParams) return fields.toString();
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const item of typeof value === 'string' ? [value] : value) parameters.append(name, item);
  }
  return parameters.toString();
}

const decoder = new TextDecoder('utf-8');

/**
 * Creates the HTTP client every toex provider calls through. See {@link HttpClient} for what it
 * guarantees. The default transport is undici `fetch` on a process-wide keep-alive agent; pass
 * `fetch: globalThis.fetch` to let msw intercept requests in tests.
 *
 * @throws ConfigurationError `invalid_option` when `timeoutMs` is not a positive number of milliseconds,
 * or `invalid_setting` when `TOEX_LOG` is malformed and no `logger` is given.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const defaultTimeoutMs = checkTimeoutMs(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const logger = resolveLogger({ logger: options.logger });
  const now = options.now ?? Date.now;
  const transport = createTransport(options);
  // undici's fetch silently stringifies a FormData from another undici copy (Node's global one)
  // into "[object FormData]", losing the upload, so the FormData class must match the transport.
  const createFormData = (): FormDataLike =>
    options.fetch === undefined ? new UndiciFormData() : new globalThis.FormData();

  async function resolveClientHeaders(): Promise<HeaderRecord | undefined> {
    const source = options.headers;
    return typeof source === 'function' ? await source() : source;
  }

  async function send(
    request: HttpRequest,
    body: unknown,
    defaultHeaders?: HeaderRecord,
  ): Promise<HttpResponse> {
    const method = request.method.toUpperCase();
    const url = assertSecureEndpoint(request.url, { allowInsecureHttp: options.allowInsecureHttp });
    const timeoutMs = checkTimeoutMs(request.timeoutMs ?? defaultTimeoutMs);
    const headers = buildRequestHeaders(
      options.userAgent,
      defaultHeaders,
      await resolveClientHeaders(),
      request.headers,
    );
    const callerSignal = request.signal;
    ToexAbortError.throwIfAborted(callerSignal);

    const attempt = createAttemptSignal(callerSignal, timeoutMs);
    const { signal } = attempt;
    const startedAt = performance.now();
    let phase: 'response' | 'body' = 'response';
    const redactedUrl = redactUrl(url);

    try {
      const response = await transport(url.href, { method, headers, body, signal, redirect: 'manual' });
      phase = 'body';
      const responseBody = new Uint8Array(await response.arrayBuffer());
      const durationMs = Math.round(performance.now() - startedAt);
      const responseHeaders = toHeaders(response.headers);
      const requestId = findRequestId(responseHeaders);
      logger.debug(`${method} ${redactedUrl} ${response.status} in ${durationMs} ms`, {
        method,
        url: redactedUrl,
        statusCode: response.status,
        durationMs,
        requestId,
      });
      return {
        statusCode: response.status,
        headers: responseHeaders,
        body: responseBody,
        requestId,
        durationMs,
      };
    } catch (error) {
      const failure = describeTransportFailure(error);
      logger.info(`${method} ${redactedUrl} failed (${failure.code})`, {
        method,
        url: redactedUrl,
        code: failure.code,
        durationMs: Math.round(performance.now() - startedAt),
      });
      throw failure;
    } finally {
      attempt.dispose();
    }

    function describeTransportFailure(error: unknown): ToexError {
      // Whichever aborted the attempt first decides, even if the other fired while the transport
      // was still settling (or the caller's own signal is itself a timeout).
      if (attempt.callerAborted()) return new ToexAbortError({ cause: callerSignal?.reason });
      const timedOut = attempt.timedOut();
      const where = phase === 'response' ? 'waiting for a response' : 'while reading the response body';
      const networkCode = findNetworkErrorCode(error);
      if (timedOut || (networkCode !== undefined && undiciTimeoutCodes.has(networkCode))) {
        return new ApiCallError({
          method,
          url,
          code: 'timeout',
          problem: `timed out after ${timeoutMs} ms ${where}`,
          retryable: true,
          hint: 'The service may be slow or overloaded; raise timeoutMs if large requests legitimately take longer.',
          cause: error,
        });
      }
      if (ToexError.isInstance(error)) return error; // a custom fetch that already speaks toex
      const detail = [networkCode, innermostErrorMessage(error)]
        .filter((part) => part !== undefined)
        .join(': ');
      return new ApiCallError({
        method,
        url,
        code: 'network_error',
        problem: `failed ${phase === 'response' ? 'before a response arrived' : where}: network error${detail === '' ? '' : ` (${detail})`}`,
        retryable: true,
        hint: 'Check the network connection, any proxy, and the endpoint address.',
        cause: error,
      });
    }
  }

  function statusError(
    method: string,
    url: string | URL,
    response: HttpResponse,
    request: JsonRequestOptions<z.ZodType>,
  ): ApiCallError {
    const bodyText = decoder.decode(response.body);
    const parser: ErrorParser = request.errorParser ?? parseCommonErrorBody;
    let details: ReturnType<ErrorParser>;
    try {
      details = parser(response.statusCode, bodyText, response.headers);
    } catch {
      // A provider's parser bug must not hide the HTTP failure itself.
      details = undefined;
    }
    const location = response.headers.get('location');
    const redirectHint =
      response.statusCode >= 300 && response.statusCode < 400
        ? `The server redirected${location === null ? '' : ` to ${redactUrl(location)}`}; toex does not follow redirects, so the key never reaches another host. Configure the final endpoint instead.`
        : undefined;
    return new ApiCallError({
      method,
      url,
      statusCode: response.statusCode,
      providerCode: details?.providerCode,
      providerMessage: details?.message,
      requestId: response.requestId,
      responseHeaders: response.headers,
      responseBody: bodyText,
      retryAfterMs: parseRetryAfter(response.headers, now()),
      retryable: details?.retryable,
      hint: details?.hint ?? redirectHint ?? request.hint ?? defaultHint(response.statusCode),
    });
  }

  function invalidResponse(
    method: string,
    url: string | URL,
    response: HttpResponse,
    problem: string,
    cause?: unknown,
  ): ApiCallError {
    return new ApiCallError({
      method,
      url,
      code: 'invalid_response',
      statusCode: response.statusCode,
      requestId: response.requestId,
      responseHeaders: response.headers,
      responseBody: decoder.decode(response.body),
      retryable: false,
      problem,
      hint: 'The service may have changed its API or answered with an error page; report it with the request id.',
      cause,
    });
  }

  async function exchangeJson<Schema extends z.ZodType>(
    method: string,
    request: JsonRequestOptions<Schema>,
    body: unknown,
    contentType: string | undefined,
  ): Promise<JsonResponse<z.output<Schema>>> {
    const response = await send(
      {
        method,
        url: request.url,
        headers: request.headers,
        signal: request.signal,
        timeoutMs: request.timeoutMs,
      },
      body,
      { accept: 'application/json', 'content-type': contentType },
    );
    if (response.statusCode < 200 || response.statusCode > 299) {
      throw statusError(method, request.url, response, request);
    }
    const text = decoder.decode(response.body);
    if (text.trim() === '')
      throw invalidResponse(method, request.url, response, 'returned an empty body where JSON was expected');
    let parsed: unknown;
    try {
      parsed = secureJsonParse(text);
    } catch (error) {
      if (error instanceof UnsafeJsonError) {
        throw invalidResponse(method, request.url, response, `returned unsafe JSON: ${error.message}`, error);
      }
      // Never quote the parser's message: V8 includes a snippet of the body, which may be case material.
      const contentTypeHeader = response.headers.get('content-type');
      const described = contentTypeHeader === null ? '' : ` (content-type ${contentTypeHeader})`;
      throw invalidResponse(
        method,
        request.url,
        response,
        `returned a body that is not valid JSON${described}`,
      );
    }
    const result = request.responseSchema.safeParse(parsed);
    if (!result.success) {
      throw invalidResponse(
        method,
        request.url,
        response,
        `returned JSON that does not match the expected shape: ${formatValidationIssues(result.error)}`,
        result.error,
      );
    }
    return {
      value: result.data,
      headers: response.headers,
      statusCode: response.statusCode,
      requestId: response.requestId,
    };
  }

  function buildMultipart(fields: MultipartFields): FormDataLike {
    const form = createFormData();
    const appendPart = (name: string, part: string | Blob | MultipartFile): void => {
      if (typeof part === 'string') form.append(name, part);
      else if (part instanceof Blob) form.append(name, part, 'blob');
      else if (isMultipartFile(part)) {
        const blob =
          part.data instanceof Blob
            ? part.contentType === undefined
              ? part.data
              : new Blob([part.data], { type: part.contentType })
            : new Blob([part.data as Uint8Array<ArrayBuffer>], {
                type: part.contentType ?? 'application/octet-stream',
              });
        form.append(name, blob, part.filename);
      }
    };
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      if (Array.isArray(value))
        for (const part of value as ReadonlyArray<string | Blob | MultipartFile>) appendPart(name, part);
      else appendPart(name, value as string | Blob | MultipartFile);
    }
    return form;
  }

  return {
    request: (request) => send(request, request.body),
    getJson: (request) => exchangeJson('GET', request, undefined, undefined),
    postJson: (request) => exchangeJson('POST', request, JSON.stringify(request.body), 'application/json'),
    postForm: (request) =>
      exchangeJson(
        'POST',
        request,
        encodeForm(request.body),
        'application/x-www-form-urlencoded;charset=UTF-8',
      ),
    // No content-type: fetch sets multipart/form-data with the boundary it generates.
    postMultipart: (request) => exchangeJson('POST', request, buildMultipart(request.body), undefined),
  };
}

function defaultHint(statusCode: number): string | undefined {
  if (statusCode === 401 || statusCode === 403)
    return 'Check the API key, its region and that the resource allows this operation.';
  if (statusCode === 404) return 'Check the endpoint URL and the API version.';
  if (statusCode === 413) return 'The request is too large for the service; send smaller segments.';
  if (statusCode === 429)
    return 'The service is throttling requests; retrying later or lowering the request rate helps.';
  if (statusCode >= 500) return 'The service failed; retrying later usually helps.';
  return undefined;
}
