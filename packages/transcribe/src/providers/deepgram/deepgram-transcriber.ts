import { readFile } from 'node:fs/promises';
import {
  ApiCallError,
  assertSecureEndpoint,
  createHttpClient,
  type FetchFunction,
  type Logger,
  loadSecret,
  secureJsonParse,
  toexUserAgent,
} from '@toex/core';
import { z } from 'zod';
import type { TranscriptionProvider, TranscriptionRequest, TranscriptionResponse } from '../../spec';
import { VERSION } from '../../version';

/** Settings of {@link createDeepgramTranscriber}. Every one is optional. */
export interface DeepgramSettings {
  /** API key (`Authorization: Token …`). Default `DEEPGRAM_API_KEY`, read at the first request. */
  apiKey?: string;
  /** Default `https://api.deepgram.com`. */
  endpoint?: string;
  /** Default `nova-3`. */
  model?: string;
  fetch?: FetchFunction;
  /** Per-request timeout; default 300,000 ms (the SDK's 60 s default times out on long uploads). */
  timeoutMs?: number;
  logger?: Logger;
  env?: Record<string, string | undefined>;
}

const wordSchema = z.object({
  word: z.string(),
  start: z.number(),
  end: z.number(),
  confidence: z.number().optional(),
  punctuated_word: z.string().optional(),
  speaker: z.number().optional(),
});
const listenResponseSchema = z.object({
  metadata: z.object({ request_id: z.string().optional(), duration: z.number().optional() }),
  results: z.object({
    channels: z.array(
      z.object({
        alternatives: z.array(
          z.object({
            transcript: z.string(),
            confidence: z.number().optional(),
            words: z.array(wordSchema).optional(),
          }),
        ),
        detected_language: z.string().optional(),
      }),
    ),
    utterances: z
      .array(
        z.object({
          start: z.number(),
          end: z.number(),
          confidence: z.number().optional(),
          transcript: z.string(),
          speaker: z.number().optional(),
          words: z.array(wordSchema).optional(),
        }),
      )
      .optional(),
  }),
});

/**
 * Deepgram pre-recorded transcription: `POST /v1/listen?model=…&smart_format=true&utterances=true
 * [&diarize=true][&language=…|detect_language=true]` with the WAV as the body. Utterances (seconds, integer
 * speakers from 0) become segments. Billed per second of audio.
 */
export function createDeepgramTranscriber(settings: DeepgramSettings = {}): TranscriptionProvider {
  const endpoint = (settings.endpoint ?? 'https://api.deepgram.com').replace(/\/+$/, '');
  assertSecureEndpoint(endpoint);
  const env = settings.env ?? process.env;
  const model = settings.model ?? 'nova-3';
  const http = createHttpClient({
    userAgent: toexUserAgent('@toex/transcribe', VERSION),
    fetch: settings.fetch,
    timeoutMs: settings.timeoutMs ?? 300_000,
    logger: settings.logger,
    headers: () => ({
      authorization: `Token ${loadSecret({ value: settings.apiKey, environmentVariable: 'DEEPGRAM_API_KEY', description: 'The Deepgram API key', env })}`,
    }),
  });
  return {
    id: 'deepgram',
    apiVersion: 'v1',
    endpoint: `${endpoint}/v1/listen`,
    model,
    // Deepgram documents no size limit (UNCONFIRMED); large synchronous uploads time out, so chunks stay at 30 minutes.
    limits: { preferredSecondsPerRequest: 1_800, maxConcurrentRequests: 50 },
    capabilities: { diarization: true, wordTimestamps: true, detectsLanguage: true },
    billing: { provider: 'deepgram', service: 'transcription', sku: model, rule: { incrementSeconds: 1 } },
    async transcribe(request: TranscriptionRequest, options = {}): Promise<TranscriptionResponse> {
      const query = new URLSearchParams({
        model,
        smart_format: 'true',
        utterances: 'true',
        profanity_filter: 'false',
      });
      if (request.speakers !== undefined && request.speakers > 1) query.set('diarize', 'true');
      if (request.language === undefined) query.set('detect_language', 'true');
      else query.set('language', request.language);
      const response = await http.request({
        method: 'POST',
        url: `${endpoint}/v1/listen?${query}`,
        headers: { 'content-type': 'audio/wav' },
        body: new Uint8Array(await readFile(request.audio.path)),
        signal: options.signal,
      });
      if (response.statusCode >= 300) {
        throw new ApiCallError({
          method: 'POST',
          url: `${endpoint}/v1/listen`,
          statusCode: response.statusCode,
          responseHeaders: response.headers,
          responseBody: Buffer.from(response.body).toString('utf8'),
        });
      }
      const parsed = listenResponseSchema.safeParse(
        secureJsonParse(Buffer.from(response.body).toString('utf8')),
      );
      if (!parsed.success) {
        throw new ApiCallError({
          method: 'POST',
          url: `${endpoint}/v1/listen`,
          code: 'invalid_response',
          statusCode: response.statusCode,
          retryable: false,
          problem: 'returned a body toex cannot read as a transcription',
        });
      }
      const body = parsed.data;
      const channel = body.results.channels[0];
      const utterances = body.results.utterances ?? [];
      return {
        segments: utterances.map((utterance) => ({
          start: utterance.start,
          end: utterance.end,
          text: utterance.transcript,
          ...(utterance.speaker === undefined ? {} : { speaker: String(utterance.speaker) }),
          ...(utterance.confidence === undefined ? {} : { confidence: utterance.confidence }),
        })),
        ...(channel?.detected_language === undefined
          ? request.language === undefined
            ? {}
            : { language: request.language }
          : { language: channel.detected_language }),
        ...(body.metadata.duration === undefined ? {} : { meteredSeconds: body.metadata.duration }),
        ...(body.metadata.request_id === undefined ? {} : { requestId: body.metadata.request_id }),
        warnings: [],
      };
    },
  };
}
