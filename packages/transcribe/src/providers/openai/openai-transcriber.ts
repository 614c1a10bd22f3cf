import { readFile } from 'node:fs/promises';
import {
  assertSecureEndpoint,
  createHttpClient,
  loadSecret,
  loadSetting,
  registerSecret,
  toexUserAgent,
} from '@toex/core';
import type {
  TranscriptionLimits,
  TranscriptionProvider,
  TranscriptionRequest,
  TranscriptionResponse,
} from '../../spec';
import type { TranscriptSegment, TranscriptWarning } from '../../transcript/transcript';
import { VERSION } from '../../version';
import { openAiVerboseTranscriptionSchema } from './openai-transcription-api';
import type { OpenAiTranscriberSettings } from './openai-transcription-settings';

/** OpenAI's public endpoint. */
export const OPENAI_ENDPOINT = 'https://api.openai.com/v1';

/**
 * "File uploads are currently limited to 25 MB" (OpenAI speech-to-text guide; the help centre says
 * 25 MiB). The smaller reading is used, less room for the multipart framing: a chunk's WAV stays under
 * 24,900,000 bytes, about 12 minutes of 16 kHz mono audio.
 */
export const OPENAI_TRANSCRIPTION_LIMITS: TranscriptionLimits = {
  maxBytesPerRequest: 24_900_000,
  preferredSecondsPerRequest: 600,
};

/**
 * A {@link TranscriptionProvider} for the OpenAI transcription API and servers that speak it (Azure
 * OpenAI, self-hosted whisper servers such as speaches): `POST {endpoint}/audio/transcriptions`,
 * multipart, `response_format=verbose_json` with segment timings. Billed per second of audio.
 *
 * @example
 * const whisper = createOpenAiTranscriber({ endpoint: 'http://127.0.0.1:8000/v1', model: 'Systran/faster-whisper-small' });
 */
export function createOpenAiTranscriber(settings: OpenAiTranscriberSettings = {}): TranscriptionProvider {
  const endpoint = (settings.endpoint ?? OPENAI_ENDPOINT).replace(/\/+$/, '');
  assertSecureEndpoint(endpoint);
  const model = settings.model ?? 'whisper-1';
  const isOpenAi = new URL(endpoint).host === 'api.openai.com';
  const azure = settings.azureApiVersion !== undefined;
  const env = settings.env ?? process.env;
  const key = () =>
    isOpenAi || azure
      ? loadSecret({
          value: settings.apiKey,
          environmentVariable: 'OPENAI_API_KEY',
          description: 'The OpenAI API key',
          env,
        })
      : loadSetting({ value: settings.apiKey, environmentVariable: 'OPENAI_API_KEY', env });
  const http = createHttpClient({
    userAgent: toexUserAgent('@toex/transcribe', VERSION),
    fetch: settings.fetch,
    timeoutMs: settings.timeoutMs ?? 300_000,
    logger: settings.logger,
    headers: () => {
      const secret = key();
      if (secret === undefined) return {};
      registerSecret(secret);
      return azure ? { 'api-key': secret } : { authorization: `Bearer ${secret}` };
    },
  });
  return {
    id: 'openai',
    apiVersion: azure ? settings.azureApiVersion! : 'v1',
    endpoint,
    model,
    limits: OPENAI_TRANSCRIPTION_LIMITS,
    capabilities: { diarization: false, wordTimestamps: true, detectsLanguage: true },
    // The catalogue prices whisper-1 and the gpt-4o models; a self-hosted model has no price (cost unknown).
    billing: { provider: 'openai', service: 'transcription', sku: model, rule: { incrementSeconds: 1 } },
    async transcribe(request: TranscriptionRequest, options = {}): Promise<TranscriptionResponse> {
      const audio = await readFile(request.audio.path);
      const url = `${endpoint}/audio/transcriptions${azure ? `?api-version=${encodeURIComponent(settings.azureApiVersion!)}` : ''}`;
      const response = await http.postMultipart({
        url,
        signal: options.signal,
        responseSchema: openAiVerboseTranscriptionSchema,
        body: {
          file: { data: audio, filename: 'audio.wav', contentType: 'audio/wav' },
          model,
          response_format: 'verbose_json',
          'timestamp_granularities[]': ['segment', 'word'],
          // The API takes ISO-639-1: `en-GB` is sent as `en`.
          ...(request.language === undefined
            ? {}
            : { language: request.language.split('-')[0]!.toLowerCase() }),
        },
      });
      const body = response.value;
      const warnings: TranscriptWarning[] = [];
      let segments: TranscriptSegment[];
      if (body.segments === undefined) {
        // gpt-4o models answer plain `json`: the text, with no timings. Keep it, spanning the chunk.
        warnings.push({
          code: 'no_segment_timings',
          message: `${model} returned no segment timings; each chunk is one segment.`,
        });
        segments =
          body.text.trim() === ''
            ? []
            : [{ start: 0, end: request.audio.durationSeconds, text: body.text.trim() }];
      } else {
        segments = body.segments.map((segment) => ({
          start: segment.start,
          end: segment.end,
          text: segment.text.trim(),
          ...(segment.speaker === undefined ? {} : { speaker: segment.speaker }),
          ...(segment.avg_logprob === undefined
            ? {}
            : { confidence: Math.min(1, Math.exp(segment.avg_logprob)) }),
          ...wordsWithin(body.words, segment.start, segment.end),
        }));
      }
      return {
        segments,
        ...(body.language === undefined ? {} : { language: body.language }),
        ...(body.usage?.seconds === undefined ? {} : { meteredSeconds: body.usage.seconds }),
        ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
        warnings,
      };
    },
  };
}

function wordsWithin(
  words: Array<{ word: string; start: number; end: number }> | undefined,
  start: number,
  end: number,
): { words?: Array<{ text: string; start: number; end: number }> } {
  if (words === undefined) return {};
  const inside = words.filter((word) => word.start >= start && word.start < end);
  return inside.length === 0
    ? {}
    : { words: inside.map((word) => ({ text: word.word, start: word.start, end: word.end })) };
}
