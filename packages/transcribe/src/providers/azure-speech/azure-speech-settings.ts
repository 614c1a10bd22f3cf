import type { Clock, FetchFunction, Logger } from '@toex/core';

/** Settings shared by the Azure AI Speech transcribers. Every one is optional. */
export interface AzureSpeechSettings {
  /** Speech resource key (`Ocp-Apim-Subscription-Key`). Default `AZURE_SPEECH_KEY`, read at the first request. */
  apiKey?: string;
  /**
   * Resource endpoint, e.g. `https://uksouth.api.cognitive.microsoft.com` or a custom-domain endpoint.
   * Default `AZURE_SPEECH_ENDPOINT`, else built from `region`.
   */
  endpoint?: string;
  /** Region, e.g. `uksouth`. Default `AZURE_SPEECH_REGION`. Recorded in the manifest. */
  region?: string;
  /** REST API version. Default `2024-11-15` (GA; v3.x is being retired in 2026). */
  apiVersion?: string;
  /**
   * Profanity handling. Default `None`: evidential transcripts are not censored (Azure's own default,
   * `Masked`, would replace words with asterisks).
   */
  profanityFilterMode?: 'None' | 'Masked' | 'Removed' | 'Tags';
  /** Replaces the HTTP transport, e.g. `globalThis.fetch` so msw can intercept requests in tests. */
  fetch?: FetchFunction;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
  logger?: Logger;
  /** Environment to read the key, endpoint and region from; default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** Settings of `createAzureBatchTranscriber`. */
export interface AzureBatchSettings extends AzureSpeechSettings {
  /**
   * Puts a chunk's audio where the Speech service can read it and returns that URL (an Azure Blob SAS
   * URL). Batch transcription reads audio by URL only, so without this it cannot be used.
   */
  uploadAudio?: (path: string, signal?: AbortSignal) => Promise<string>;
  /** Wait between status polls, in milliseconds. Default 10,000. */
  pollIntervalMs?: number;
  /** Longest wait for one job, in milliseconds. Default 6 hours ("up to 30 minutes or longer" to start at peak). */
  pollTimeoutMs?: number;
  /** Hours Azure keeps the job and results (6 h to 31 days). Default 48. */
  timeToLiveHours?: number;
  /** Clock for polling waits; a simulated clock in tests. */
  clock?: Clock;
}
