import type { FetchFunction, Logger } from '@toex/core';

/** Settings of `createOpenAiTranscriber`. Every one is optional. */
export interface OpenAiTranscriberSettings {
  /**
   * The API key. Default: `OPENAI_API_KEY`, read when a request is made. Required for api.openai.com;
   * optional for another endpoint (a self-hosted whisper server often takes none).
   */
  apiKey?: string;
  /**
   * Base URL up to and including the version: `https://api.openai.com/v1` (default), a self-hosted
   * server such as `http://127.0.0.1:8000/v1`, or an Azure OpenAI deployment
   * `https://{resource}.openai.azure.com/openai/deployments/{deployment}`.
   */
  endpoint?: string;
  /** Model. Default `whisper-1` (the only OpenAI model giving segment timings with `verbose_json`). */
  model?: string;
  /** Azure OpenAI: the `api-version` query parameter; also switches the key to the `api-key` header. */
  azureApiVersion?: string;
  /** Replaces the HTTP transport, e.g. `globalThis.fetch` so msw can intercept requests in tests. */
  fetch?: FetchFunction;
  /** Per-request timeout in milliseconds. Default 300,000: a 25 MB upload and its decoding take a while. */
  timeoutMs?: number;
  /** Receives one redacted record per request (never bodies). */
  logger?: Logger;
  /** Environment to read the key from; default `process.env`. */
  env?: Record<string, string | undefined>;
}
