import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import type { Logger } from '../logging/logger';
import type { ErrorParser } from './parse-common-error-body';

/** A `fetch` implementation: the global one, undici's, or a test double. */
export type FetchFunction = typeof globalThis.fetch;

/** Header values by name; `undefined` values are left out, which keeps optional headers readable. */
export type HeaderRecord = Readonly<Record<string, string | undefined>>;

/**
 * Headers sent with every request of a client. A function is called once per request, so API
 * keys are loaded lazily (a missing key fails the request, not the construction) and can rotate.
 */
export type HeadersSource = HeaderRecord | (() => HeaderRecord | Promise<HeaderRecord>);

/** Options of `createHttpClient`. */
export interface HttpClientOptions {
  /** `User-Agent` to send; build it with `toexUserAgent(packageName, version)`. */
  userAgent: string;
  /**
   * Replaces the default transport (undici `fetch` on a shared keep-alive agent), e.g.
   * `globalThis.fetch` so msw can intercept requests in tests, or a proxying wrapper.
   */
  fetch?: FetchFunction;
  /** undici dispatcher (proxy agent, mock agent, custom pool) used instead of the shared agent. */
  dispatcher?: Dispatcher;
  /** Per-attempt timeout in milliseconds, covering connection, headers and body. Default 60 000. */
  timeoutMs?: number;
  /** Allows plain `http://` to non-loopback hosts. Off by default: keys and evidence would travel unencrypted. */
  allowInsecureHttp?: boolean;
  /** Receives one redacted record per request (method, URL, status, duration; never bodies). Default: `resolveLogger()`, i.e. `TOEX_LOG`. */
  logger?: Logger;
  /** Headers added to every request; request headers win on conflict. */
  headers?: HeadersSource;
  /** Clock for `Retry-After` HTTP dates, in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** Raw request body accepted by `request`. */
export type HttpRequestBody = string | Uint8Array | ArrayBuffer | URLSearchParams | Blob;

/** One HTTP exchange as `request` performs it. */
export interface HttpRequest {
  /** HTTP method, e.g. `GET`, `POST`, `DELETE`. */
  method: string;
  url: string | URL;
  /** Per-request headers; win over the client's headers. */
  headers?: HeaderRecord;
  body?: HttpRequestBody;
  /** The caller's signal; aborting it rejects with `ToexAbortError`. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's per-attempt timeout, in milliseconds. */
  timeoutMs?: number;
}

/** The raw result of `request`, whatever its status. */
export interface HttpResponse {
  statusCode: number;
  headers: Headers;
  /** The whole response body. */
  body: Uint8Array;
  /** The provider's request id, when a response header carried one. */
  requestId: string | undefined;
  /** Time from sending the request to receiving the last body byte, in milliseconds. */
  durationMs: number;
}

/** What the JSON helpers (`getJson`, `postJson`, `postForm`, `postMultipart`) have in common. */
export interface JsonRequestOptions<Schema extends z.ZodType> {
  url: string | URL;
  headers?: HeaderRecord;
  signal?: AbortSignal | undefined;
  timeoutMs?: number;
  /** Validates a successful (2xx) body; a mismatch is an `invalid_response` ApiCallError. */
  responseSchema: Schema;
  /** Maps the provider's error bodies; default `parseCommonErrorBody`. */
  errorParser?: ErrorParser;
  /** What to tell the user when this call fails, e.g. `Lowering --chars-per-minute helps.` */
  hint?: string;
}

/** A validated JSON response. */
export interface JsonResponse<Value> {
  /** The body, parsed and validated by the response schema. */
  value: Value;
  /** Response headers, e.g. to read Azure's `X-metered-usage`. */
  headers: Headers;
  statusCode: number;
  /** The provider's request id, when a response header carried one. */
  requestId: string | undefined;
}

/** Form fields for `application/x-www-form-urlencoded`; an array repeats the field (`q=a&q=b`). */
export type FormFields = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A file part of a multipart body. */
export interface MultipartFile {
  data: Blob | Uint8Array;
  /** File name sent to the server, e.g. `interview.wav`. */
  filename: string;
  /** Media type, e.g. `audio/wav`; taken from the Blob when absent. */
  contentType?: string;
}

/** Multipart fields: text, a Blob (sent as a file named `blob`), or a {@link MultipartFile}. Arrays repeat the field. */
export type MultipartFields = Readonly<
  Record<string, string | Blob | MultipartFile | ReadonlyArray<string | Blob | MultipartFile> | undefined>
>;

/**
 * The single HTTP path of toex. It never retries (wrap calls in `retry`), never follows redirects
 * (a redirect could carry the key to another host) and throws only toex errors:
 * `ApiCallError` (HTTP status, `network_error`, `timeout`, `invalid_response`),
 * `ToexAbortError` (the caller's signal) and `ConfigurationError` (bad or insecure endpoint, bad header).
 */
export interface HttpClient {
  /** Sends one request and returns the response whatever its status; throws only when no complete response arrived. */
  request(request: HttpRequest): Promise<HttpResponse>;
  /** GET, expecting a 2xx JSON body that matches `responseSchema`. */
  getJson<Schema extends z.ZodType>(
    request: JsonRequestOptions<Schema>,
  ): Promise<JsonResponse<z.output<Schema>>>;
  /** POST a JSON body (`JSON.stringify`), expecting a 2xx JSON body that matches `responseSchema`. */
  postJson<Schema extends z.ZodType>(
    request: JsonRequestOptions<Schema> & { body: unknown },
  ): Promise<JsonResponse<z.output<Schema>>>;
  /** POST `application/x-www-form-urlencoded` fields, expecting a 2xx JSON body. */
  postForm<Schema extends z.ZodType>(
    request: JsonRequestOptions<Schema> & { body: FormFields | URLSearchParams },
  ): Promise<JsonResponse<z.output<Schema>>>;
  /** POST `multipart/form-data` (e.g. an audio upload), expecting a 2xx JSON body. */
  postMultipart<Schema extends z.ZodType>(
    request: JsonRequestOptions<Schema> & { body: MultipartFields },
  ): Promise<JsonResponse<z.output<Schema>>>;
}
