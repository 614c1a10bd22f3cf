/**
 * The transcription provider contract. Every adapter (PocketSphinx, OpenAI-compatible, Azure, …)
 * implements {@link TranscriptionProvider}; the job does everything else — extracting 16 kHz audio,
 * cutting it into chunks within {@link TranscriptionLimits}, pacing, retries, the resume store, merging
 * with offsets, costing — so an adapter only turns one chunk into one transcript.
 */
import type { DurationBillingRule } from '@toex/costing';
import type { TranscriptSegment, TranscriptWarning } from './transcript/transcript';

/** Per-request ceilings. The chunker never makes a chunk over any of them. */
export interface TranscriptionLimits {
  /** Largest upload in bytes (OpenAI 25 MB; Azure fast transcription 200 MB). Absent: no size limit. */
  maxBytesPerRequest?: number;
  /** Longest audio per request in seconds (Azure fast transcription 2 h). Absent: no duration limit. */
  maxSecondsPerRequest?: number;
  /**
   * Chunk length the job aims for even when the limits allow more: shorter chunks spread a long
   * recording over concurrent requests and lose less when one fails. Absent: the limits decide.
   */
  preferredSecondsPerRequest?: number;
  /** Requests worth having in flight at once (a local engine: the machine's cores). Absent: no engine-side limit. */
  maxConcurrentRequests?: number;
}

/** What a provider can do natively. */
export interface TranscriptionCapabilities {
  /** Labels speakers (diarization). */
  diarization: boolean;
  /** Returns word timings. */
  wordTimestamps: boolean;
  /** Detects the spoken language when none is given. */
  detectsLanguage: boolean;
}

/** How a provider bills, as a key into the price catalogue plus its rounding rule. */
export interface TranscriptionBilling {
  provider: string;
  service: string;
  sku: string;
  /** Per-second, per-started-minute, minimum per request: applied to each request's audio. */
  rule: DurationBillingRule;
}

/** The audio of one request: a 16 kHz mono 16-bit PCM WAV file prepared by the job. */
export interface TranscriptionAudio {
  /** Path of the WAV file. */
  path: string;
  /** Its size in bytes. */
  bytes: number;
  durationSeconds: number;
  /** Always `audio/wav`. */
  mediaType: 'audio/wav';
}

/** One request's worth of work. */
export interface TranscriptionRequest {
  audio: TranscriptionAudio;
  /** BCP 47 language of the speech; absent: detect, or the engine's only language. */
  language?: string;
  /** Expected number of speakers, for diarization. */
  speakers?: number;
  /** Vendor-specific options under the provider's own id, validated by the provider. */
  providerOptions?: Record<string, unknown>;
}

/** What one request came back as. Times are seconds from the start of the request's audio. */
export interface TranscriptionResponse {
  segments: TranscriptSegment[];
  /** Language detected or used, when the provider says. */
  language?: string;
  /** Seconds the provider says it billed for this request; absent when it does not say (never a guessed 0). */
  meteredSeconds?: number;
  /** The provider's request or job id, for support tickets. */
  requestId?: string;
  warnings: TranscriptWarning[];
}

/** Per-call options. */
export interface TranscriptionCallOptions {
  /** Aborts the request, including any polling. */
  signal?: AbortSignal;
}

/**
 * A speech-to-text provider: a factory-made object holding what manifests, the chunker and costing need
 * to know, and one method that transcribes one chunk. Adapters never retry, pace, cache or sleep outside
 * a provider's documented polling: those live once, in `@toex/core` and the job.
 */
export interface TranscriptionProvider {
  /** Short stable id (`pocketsphinx`, `openai`, `azure-speech`); used in cache keys, manifests, ledgers. */
  readonly id: string;
  /** API version spoken, or the engine's version for a local engine. */
  readonly apiVersion: string;
  /** Where requests go: a URL with no credentials, or `local:<program>` for a local engine. */
  readonly endpoint: string;
  /** Data-processing region when known. */
  readonly region?: string;
  /** Model or acoustic model name. */
  readonly model?: string;
  readonly limits: TranscriptionLimits;
  readonly capabilities: TranscriptionCapabilities;
  readonly billing: TranscriptionBilling;
  /** Transcribes one chunk. Throws a `ToexError`; `retryable` says whether trying again may help. */
  transcribe(
    request: TranscriptionRequest,
    options?: TranscriptionCallOptions,
  ): Promise<TranscriptionResponse>;
}
