import { readFile } from 'node:fs/promises';
import {
  ApiCallError,
  assertSecureEndpoint,
  type Clock,
  createHttpClient,
  type FetchFunction,
  type Logger,
  loadSecret,
  secureJsonParse,
  systemClock,
  toexUserAgent,
} from '@toex/core';
import { z } from 'zod';
import { TranscriptionError } from '../../errors/transcription-error';
import { pollUntil } from '../../polling/poll-until';
import type { TranscriptionProvider, TranscriptionRequest, TranscriptionResponse } from '../../spec';
import { VERSION } from '../../version';

/** Settings of {@link createAssemblyAiTranscriber}. Every one is optional. */
export interface AssemblyAiSettings {
  /** API key (`Authorization` header). Default `ASSEMBLYAI_API_KEY`, read at the first request. */
  apiKey?: string;
  /** Default `https://api.assemblyai.com` (`https://api.eu.assemblyai.com` keeps data in the EU). */
  endpoint?: string;
  /** `universal` (default; the price catalogue's SKU too), `nano`, `best`, … */
  speechModel?: string;
  /** Wait between polls, in milliseconds. Default 3,000 (the SDK's). */
  pollIntervalMs?: number;
  /** Longest wait, in milliseconds. Default 6 hours. */
  pollTimeoutMs?: number;
  clock?: Clock;
  fetch?: FetchFunction;
  timeoutMs?: number;
  logger?: Logger;
  env?: Record<string, string | undefined>;
}

const transcriptSchema = z.object({
  id: z.string(),
  status: z.enum(['queued', 'processing', 'completed', 'error']),
  error: z.string().nullish(),
  language_code: z.string().nullish(),
  audio_duration: z.number().nullish(),
  words: z
    .array(
      z.object({
        text: z.string(),
        start: z.number(),
        end: z.number(),
        confidence: z.number().nullish(),
        speaker: z.string().nullish(),
      }),
    )
    .nullish(),
  utterances: z
    .array(
      z.object({
        text: z.string(),
        start: z.number(),
        end: z.number(),
        confidence: z.number().nullish(),
        speaker: z.string().nullish(),
      }),
    )
    .nullish(),
});

/**
 * AssemblyAI pre-recorded transcription: `POST /v2/upload` (raw bytes) → `POST /v2/transcript`
 * (`speaker_labels` when speakers are expected, `filter_profanity: false`) → poll `GET /v2/transcript/{id}`
 * until `completed` or `error`. Times are milliseconds; utterances (with speakers) become segments, else
 * words are grouped into one segment. Billed per second of audio; failed transcripts are not charged.
 */
export function createAssemblyAiTranscriber(settings: AssemblyAiSettings = {}): TranscriptionProvider {
  const endpoint = (settings.endpoint ?? 'https://api.assemblyai.com').replace(/\/+$/, '');
  assertSecureEndpoint(endpoint);
  const clock = settings.clock ?? systemClock;
  const env = settings.env ?? process.env;
  const http = createHttpClient({
    userAgent: toexUserAgent('@toex/transcribe', VERSION),
    fetch: settings.fetch,
    timeoutMs: settings.timeoutMs ?? 600_000,
    logger: settings.logger,
    headers: () => ({
      authorization: loadSecret({
        value: settings.apiKey,
        environmentVariable: 'ASSEMBLYAI_API_KEY',
        description: 'The AssemblyAI API key',
        env,
      }),
    }),
  });
  const model = settings.speechModel ?? 'universal';
  return {
    id: 'assemblyai',
    apiVersion: 'v2',
    endpoint: `${endpoint}/v2/transcript`,
    model,
    // 2.2 GB per local upload, 10 hours per transcript (AssemblyAI FAQ).
    limits: {
      maxBytesPerRequest: 2_200_000_000,
      maxSecondsPerRequest: 36_000,
      preferredSecondsPerRequest: 3_600,
    },
    capabilities: { diarization: true, wordTimestamps: true, detectsLanguage: true },
    billing: { provider: 'assemblyai', service: 'transcription', sku: model, rule: { incrementSeconds: 1 } },
    async transcribe(request: TranscriptionRequest, options = {}): Promise<TranscriptionResponse> {
      const { signal } = options;
      const upload = await http.request({
        method: 'POST',
        url: `${endpoint}/v2/upload`,
        headers: { 'content-type': 'application/octet-stream' },
        body: new Uint8Array(await readFile(request.audio.path)),
        signal,
      });
      const text = Buffer.from(upload.body).toString('utf8');
      if (upload.statusCode >= 300) {
        throw new ApiCallError({
          method: 'POST',
          url: `${endpoint}/v2/upload`,
          statusCode: upload.statusCode,
          responseHeaders: upload.headers,
          responseBody: text,
        });
      }
      const uploaded = z.object({ upload_url: z.string() }).safeParse(safeJson(text));
      if (!uploaded.success) {
        throw new ApiCallError({
          method: 'POST',
          url: `${endpoint}/v2/upload`,
          code: 'invalid_response',
          statusCode: upload.statusCode,
          retryable: false,
          problem: 'returned no upload_url',
        });
      }
      const speakers = request.speakers !== undefined && request.speakers > 1;
      const submitted = await http.postJson({
        url: `${endpoint}/v2/transcript`,
        signal,
        responseSchema: transcriptSchema,
        body: {
          audio_url: uploaded.data.upload_url,
          speech_model: model,
          filter_profanity: false,
          punctuate: true,
          format_text: true,
          ...(speakers ? { speaker_labels: true, speakers_expected: request.speakers } : {}),
          ...(request.language === undefined
            ? { language_detection: true }
            : { language_code: request.language.split('-')[0] }),
        },
      });
      const id = submitted.value.id;
      const done = await pollUntil({
        poll: async () =>
          (
            await http.getJson({
              url: `${endpoint}/v2/transcript/${id}`,
              signal,
              responseSchema: transcriptSchema,
            })
          ).value,
        isFinal: (value) => value.status === 'completed' || value.status === 'error',
        intervalMs: settings.pollIntervalMs ?? 3_000,
        timeoutMs: settings.pollTimeoutMs ?? 6 * 3_600_000,
        description: `AssemblyAI transcript ${id}`,
        clock,
        signal,
      });
      if (done.status === 'error') {
        throw new TranscriptionError({
          code: 'assemblyai_failed',
          retryable: false,
          message: `AssemblyAI transcript ${id} failed: ${done.error ?? 'no reason given'}.`,
        });
      }
      const units =
        done.utterances ??
        (done.words === undefined || done.words === null || done.words.length === 0
          ? []
          : [groupWords(done.words)]);
      return {
        segments: units.map((unit) => ({
          start: unit.start / 1000,
          end: unit.end / 1000,
          text: unit.text,
          ...(unit.speaker === undefined || unit.speaker === null ? {} : { speaker: unit.speaker }),
          ...(unit.confidence === undefined || unit.confidence === null
            ? {}
            : { confidence: unit.confidence }),
        })),
        ...(done.language_code === undefined || done.language_code === null
          ? {}
          : { language: done.language_code }),
        ...(done.audio_duration === undefined || done.audio_duration === null
          ? {}
          : { meteredSeconds: done.audio_duration }),
        requestId: id,
        warnings: [],
      };
    },
  };
}

function groupWords(words: Array<{ text: string; start: number; end: number }>) {
  return {
    text: words.map((word) => word.text).join(' '),
    start: words[0]!.start,
    end: words.at(-1)!.end,
    speaker: null,
    confidence: null,
  };
}

function safeJson(text: string): unknown {
  try {
    return secureJsonParse(text);
  } catch {
    return undefined;
  }
}
