import { ApiCallError, ConfigurationError, createHttpClient, systemClock, toexUserAgent } from '@toex/core';
import type { z } from 'zod';
import { TranscriptionError } from '../../errors/transcription-error';
import { pollUntil } from '../../polling/poll-until';
import type { TranscriptionProvider, TranscriptionRequest, TranscriptionResponse } from '../../spec';
import type { TranscriptSegment } from '../../transcript/transcript';
import { VERSION } from '../../version';
import {
  azureBatchFilesSchema,
  azureBatchJobSchema,
  azureBatchResultSchema,
  TICKS_PER_SECOND,
} from './azure-speech-api';
import { azureLocale, azureSpeechConnection } from './azure-speech-common';
import type { AzureBatchSettings } from './azure-speech-settings';

/**
 * Azure AI Speech batch transcription, 2024-11-15 API: submit (`POST /speechtotext/transcriptions:submit`)
 * → poll the job (`NotStarted` → `Running` → `Succeeded` | `Failed`) → list its files (paged by
 * `@nextLink`) → download the `Transcription` result → delete the job, so no copy stays at Azure.
 *
 * Batch reads audio from a URL, so `settings.uploadAudio` must put each chunk in storage the service can
 * read (an Azure Blob SAS URL). With diarization, a file may be at most 240 minutes, so chunks aim at 2 h.
 * Polling waits on `settings.clock` and stops on the caller's signal; a job that does not finish within
 * `pollTimeoutMs` is a non-retryable `polling_timeout`, never resubmitted (it would bill twice).
 */
export function createAzureBatchTranscriber(settings: AzureBatchSettings = {}): TranscriptionProvider {
  const connection = azureSpeechConnection(settings);
  const clock = settings.clock ?? systemClock;
  // Result files live in Azure storage behind their own SAS URL: no subscription key goes there.
  const storage = createHttpClient({
    userAgent: toexUserAgent('@toex/transcribe', VERSION),
    fetch: settings.fetch,
    timeoutMs: settings.timeoutMs ?? 300_000,
    logger: settings.logger,
  });
  const withVersion = (url: string) =>
    `${url}${url.includes('?') ? '&' : '?'}api-version=${connection.apiVersion}`;
  return {
    id: 'azure-batch',
    apiVersion: connection.apiVersion,
    endpoint: `${connection.endpoint}/speechtotext/transcriptions`,
    ...(connection.region === undefined ? {} : { region: connection.region }),
    model: 'batch',
    limits: {
      maxBytesPerRequest: 1_000_000_000,
      maxSecondsPerRequest: 14_400,
      preferredSecondsPerRequest: 7_200,
    },
    capabilities: { diarization: true, wordTimestamps: true, detectsLanguage: false },
    billing: { provider: 'azure', service: 'speech', sku: 'batch', rule: { incrementSeconds: 1 } },
    async transcribe(request: TranscriptionRequest, options = {}): Promise<TranscriptionResponse> {
      if (settings.uploadAudio === undefined) {
        throw new ConfigurationError({
          code: 'missing_upload',
          setting: 'uploadAudio',
          message:
            'Azure batch transcription reads audio from a URL: give uploadAudio (e.g. to an Azure Blob container with a SAS URL), or use azure-speech (fast transcription), which uploads directly.',
        });
      }
      const { signal } = options;
      const contentUrl = await settings.uploadAudio(request.audio.path, signal);
      const locale = azureLocale(request.language) ?? 'en-US';
      const submitted = await connection.http.postJson({
        url: withVersion(`${connection.endpoint}/speechtotext/transcriptions:submit`),
        signal,
        responseSchema: azureBatchJobSchema,
        body: {
          contentUrls: [contentUrl],
          locale,
          displayName: `toex ${request.audio.path.split('/').pop() ?? 'chunk'}`,
          properties: {
            wordLevelTimestampsEnabled: true,
            profanityFilterMode: connection.profanityFilterMode,
            punctuationMode: 'DictatedAndAutomatic',
            timeToLiveHours: settings.timeToLiveHours ?? 48,
            ...(request.speakers === undefined || request.speakers < 2
              ? {}
              : { diarization: { enabled: true, maxSpeakers: request.speakers } }),
          },
        },
      });
      const jobUrl = submitted.value.self;
      const job = await pollUntil({
        poll: async () =>
          (
            await connection.http.getJson({
              url: withVersion(jobUrl),
              signal,
              responseSchema: azureBatchJobSchema,
            })
          ).value,
        isFinal: (value) => value.status === 'Succeeded' || value.status === 'Failed',
        intervalMs: settings.pollIntervalMs ?? 10_000,
        timeoutMs: settings.pollTimeoutMs ?? 6 * 3_600_000,
        description: `Azure batch transcription ${jobUrl}`,
        clock,
        signal,
      });
      if (job.status === 'Failed') {
        const error = job.properties?.error;
        throw new TranscriptionError({
          code: 'azure_batch_failed',
          // Azure's documented failures (InvalidData, LimitExceeded, …) are about the audio: sending it again fails again.
          retryable: false,
          message: `Azure batch transcription ${jobUrl} failed: ${error?.code ?? 'unknown'}: ${error?.message ?? 'no reason given'}.`,
        });
      }
      let filesUrl: string | undefined = job.links?.files ?? `${jobUrl}/files`;
      let resultUrl: string | undefined;
      while (filesUrl !== undefined && resultUrl === undefined) {
        const page: z.infer<typeof azureBatchFilesSchema> = (
          await connection.http.getJson({
            url: filesUrl.includes('api-version') ? filesUrl : withVersion(filesUrl),
            signal,
            responseSchema: azureBatchFilesSchema,
          })
        ).value;
        resultUrl = page.values.find((file) => file.kind === 'Transcription')?.links.contentUrl;
        filesUrl = page['@nextLink'];
      }
      if (resultUrl === undefined) {
        throw new ApiCallError({
          method: 'GET',
          url: `${jobUrl}/files`,
          code: 'invalid_response',
          retryable: false,
          problem: 'listed no Transcription file for a succeeded job',
        });
      }
      const result = (
        await storage.getJson({ url: resultUrl, signal, responseSchema: azureBatchResultSchema })
      ).value;
      // Best effort: the job's time to live removes it anyway.
      await connection.http
        .request({ method: 'DELETE', url: withVersion(jobUrl), signal })
        .catch(() => undefined);
      return {
        segments: result.recognizedPhrases
          .filter((phrase) => phrase.recognitionStatus === 'Success')
          .map(toSegment),
        language: locale,
        ...(result.durationInTicks === undefined
          ? {}
          : { meteredSeconds: result.durationInTicks / TICKS_PER_SECOND }),
        requestId: jobUrl.split('/').pop()!,
        warnings: [],
      };
    },
  };
}

function toSegment(
  phrase: z.infer<typeof azureBatchResultSchema>['recognizedPhrases'][number],
): TranscriptSegment {
  const best = phrase.nBest[0];
  return {
    start: phrase.offsetInTicks / TICKS_PER_SECOND,
    end: (phrase.offsetInTicks + phrase.durationInTicks) / TICKS_PER_SECOND,
    text: best?.display ?? '',
    ...(phrase.speaker === undefined ? {} : { speaker: String(phrase.speaker) }),
    ...(best?.confidence === undefined ? {} : { confidence: best.confidence }),
    ...(best?.displayWords === undefined
      ? {}
      : {
          words: best.displayWords.map((word) => ({
            text: word.displayText,
            start: word.offsetInTicks / TICKS_PER_SECOND,
            end: (word.offsetInTicks + word.durationInTicks) / TICKS_PER_SECOND,
          })),
        }),
  };
}
