import { readFile } from 'node:fs/promises';
import type { TranscriptionProvider, TranscriptionRequest, TranscriptionResponse } from '../../spec';
import { azureFastResponseSchema } from './azure-speech-api';
import { azureLocale, azureSpeechConnection } from './azure-speech-common';
import type { AzureSpeechSettings } from './azure-speech-settings';

/**
 * Azure AI Speech fast transcription (`POST /speechtotext/transcriptions:transcribe`, synchronous,
 * multipart `audio` + `definition`), with diarization when speakers are expected and
 * `profanityFilterMode: None` by default. Limits: 200 MB and 2 hours per request (quotas doc; newer
 * pages say 300 MB), so chunks aim at 30 minutes.
 */
export function createAzureFastTranscriber(settings: AzureSpeechSettings = {}): TranscriptionProvider {
  const connection = azureSpeechConnection(settings);
  return {
    id: 'azure-speech',
    apiVersion: connection.apiVersion,
    endpoint: `${connection.endpoint}/speechtotext/transcriptions:transcribe`,
    ...(connection.region === undefined ? {} : { region: connection.region }),
    model: 'fast',
    limits: {
      maxBytesPerRequest: 200_000_000,
      maxSecondsPerRequest: 7_200,
      preferredSecondsPerRequest: 1_800,
    },
    capabilities: { diarization: true, wordTimestamps: true, detectsLanguage: true },
    billing: { provider: 'azure', service: 'speech', sku: 'fast', rule: { incrementSeconds: 1 } },
    async transcribe(request: TranscriptionRequest, options = {}): Promise<TranscriptionResponse> {
      const locale = azureLocale(request.language);
      const definition = {
        ...(locale === undefined ? {} : { locales: [locale] }),
        profanityFilterMode: connection.profanityFilterMode,
        ...(request.speakers === undefined || request.speakers < 2
          ? {}
          : { diarization: { enabled: true, maxSpeakers: request.speakers } }),
      };
      const response = await connection.http.postMultipart({
        url: `${connection.endpoint}/speechtotext/transcriptions:transcribe?api-version=${connection.apiVersion}`,
        signal: options.signal,
        responseSchema: azureFastResponseSchema,
        body: {
          audio: {
            data: await readFile(request.audio.path),
            filename: 'audio.wav',
            contentType: 'audio/wav',
          },
          definition: JSON.stringify(definition),
        },
      });
      const phrases = response.value.phrases;
      return {
        segments: phrases.map((phrase) => ({
          start: phrase.offsetMilliseconds / 1000,
          end: (phrase.offsetMilliseconds + phrase.durationMilliseconds) / 1000,
          text: phrase.text,
          ...(phrase.speaker === undefined ? {} : { speaker: String(phrase.speaker) }),
          ...(phrase.confidence === undefined ? {} : { confidence: phrase.confidence }),
          ...(phrase.words === undefined
            ? {}
            : {
                words: phrase.words.map((word) => ({
                  text: word.text,
                  start: word.offsetMilliseconds / 1000,
                  end: (word.offsetMilliseconds + word.durationMilliseconds) / 1000,
                })),
              }),
        })),
        ...(phrases[0]?.locale === undefined ? {} : { language: phrases[0].locale }),
        ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
        warnings: [],
      };
    },
  };
}
