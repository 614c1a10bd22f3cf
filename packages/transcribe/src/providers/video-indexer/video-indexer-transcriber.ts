import { readFile } from 'node:fs/promises';
import {
  ApiCallError,
  type Clock,
  ConfigurationError,
  createHttpClient,
  type FetchFunction,
  type Logger,
  registerSecret,
  systemClock,
  toexUserAgent,
} from '@toex/core';
import { TranscriptionError } from '../../errors/transcription-error';
import { pollUntil } from '../../polling/poll-until';
import type { TranscriptionProvider, TranscriptionRequest, TranscriptionResponse } from '../../spec';
import { VERSION } from '../../version';
import {
  accessTokenResponseSchema,
  FINAL_STATES,
  parseIndexerTime,
  uploadResponseSchema,
  videoIndexSchema,
} from './video-indexer-api';

/** Settings of {@link createVideoIndexerTranscriber}. */
export interface VideoIndexerSettings {
  subscriptionId: string;
  resourceGroup: string;
  /** The ARM account name. */
  accountName: string;
  /** The account id (a GUID, `properties.accountId` of the ARM resource). */
  accountId: string;
  /** Azure region of the account, e.g. `westeurope` (or `trial`). */
  location: string;
  /**
   * An Entra ID token for `https://management.azure.com/.default` (e.g. from `@azure/identity`'s
   * `DefaultAzureCredential`); called when a Video Indexer access token is needed.
   */
  getArmToken: () => Promise<string>;
  /** Indexing preset; default `AudioOnly` (documented in upload-index-videos.md). */
  indexingPreset?: string;
  /** Price catalogue SKU; default `standard-audio` (Standard audio has speakers, Basic has none). */
  sku?: string;
  /** Management endpoint; default `https://management.azure.com`. */
  armEndpoint?: string;
  /** API endpoint; default `https://api.videoindexer.ai`. */
  apiEndpoint?: string;
  /** ARM api-version of generateAccessToken; default `2024-01-01`. */
  armApiVersion?: string;
  /** Wait between index polls, in milliseconds. Default 10,000 (the Microsoft samples' interval). */
  pollIntervalMs?: number;
  /** Longest wait for one index, in milliseconds. Default 12 hours. */
  pollTimeoutMs?: number;
  clock?: Clock;
  fetch?: FetchFunction;
  timeoutMs?: number;
  logger?: Logger;
}

// "Access tokens expire every hour" (faq.yml). Refreshed 10 minutes early, so a token never runs out
// between being read and a request arriving.
const TOKEN_LIFETIME_MS = 60 * 60_000;
const TOKEN_REFRESH_MARGIN_MS = 10 * 60_000;

/**
 * Azure AI Video Indexer (ARM accounts): a Contributor access token from ARM `generateAccessToken`,
 * refreshed before its hour runs out; the chunk uploaded as multipart (`privacy=Private`); the index
 * polled (`Uploaded` → `Processing` → `Processed` | `Failed` | `Quarantined`); the transcript lines,
 * with speakers, read from `videos[0].insights.transcript`; the video deleted afterwards.
 * Limits: 2 GB per upload, 6 hours per video (avi-support-matrix.md).
 */
export function createVideoIndexerTranscriber(settings: VideoIndexerSettings): TranscriptionProvider {
  for (const key of ['subscriptionId', 'resourceGroup', 'accountName', 'accountId', 'location'] as const) {
    if (typeof settings[key] !== 'string' || settings[key].trim() === '') {
      throw new ConfigurationError({
        code: 'missing_setting',
        setting: key,
        message: `Video Indexer needs ${key}.`,
      });
    }
  }
  const clock = settings.clock ?? systemClock;
  const armEndpoint = (settings.armEndpoint ?? 'https://management.azure.com').replace(/\/+$/, '');
  const apiEndpoint = (settings.apiEndpoint ?? 'https://api.videoindexer.ai').replace(/\/+$/, '');
  const http = createHttpClient({
    userAgent: toexUserAgent('@toex/transcribe', VERSION),
    fetch: settings.fetch,
    timeoutMs: settings.timeoutMs ?? 600_000,
    logger: settings.logger,
  });
  let token: { value: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;
  const accessToken = async (signal?: AbortSignal): Promise<string> => {
    if (token !== undefined && clock.now() < token.expiresAt - TOKEN_REFRESH_MARGIN_MS) return token.value;
    // One refresh shared by every chunk in flight.
    pending ??= (async () => {
      try {
        const arm = await settings.getArmToken();
        registerSecret(arm);
        const issuedAt = clock.now();
        const response = await http.postJson({
          url: `${armEndpoint}/subscriptions/${settings.subscriptionId}/resourceGroups/${settings.resourceGroup}/providers/Microsoft.VideoIndexer/accounts/${settings.accountName}/generateAccessToken?api-version=${settings.armApiVersion ?? '2024-01-01'}`,
          headers: { authorization: `Bearer ${arm}` },
          body: { permissionType: 'Contributor', scope: 'Account' },
          responseSchema: accessTokenResponseSchema,
          signal,
        });
        registerSecret(response.value.accessToken);
        token = { value: response.value.accessToken, expiresAt: issuedAt + TOKEN_LIFETIME_MS };
        return token.value;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };
  const videos = `${apiEndpoint}/${settings.location}/Accounts/${settings.accountId}/Videos`;
  return {
    id: 'video-indexer',
    apiVersion: 'v2',
    endpoint: videos,
    region: settings.location,
    model: settings.indexingPreset ?? 'AudioOnly',
    limits: {
      maxBytesPerRequest: 2_000_000_000,
      maxSecondsPerRequest: 21_600,
      preferredSecondsPerRequest: 3_600,
    },
    capabilities: { diarization: true, wordTimestamps: false, detectsLanguage: true },
    billing: {
      provider: 'azure',
      service: 'video-indexer',
      sku: settings.sku ?? 'standard-audio',
      rule: { incrementSeconds: 1 },
    },
    async transcribe(request: TranscriptionRequest, options = {}): Promise<TranscriptionResponse> {
      const { signal } = options;
      const query = (extra: Record<string, string>, tokenValue: string) =>
        new URLSearchParams({ ...extra, accessToken: tokenValue }).toString();
      const name = (request.audio.path.split('/').pop() ?? 'toex chunk').slice(0, 80);
      const uploaded = await http.postMultipart({
        url: `${videos}?${query(
          {
            name,
            privacy: 'Private',
            indexingPreset: settings.indexingPreset ?? 'AudioOnly',
            streamingPreset: 'NoStreaming',
            ...(request.language === undefined ? {} : { language: request.language }),
          },
          await accessToken(signal),
        )}`,
        body: {
          file: { data: await readFile(request.audio.path), filename: name, contentType: 'audio/wav' },
        },
        responseSchema: uploadResponseSchema,
        signal,
      });
      const videoId = uploaded.value.id;
      const index = await pollUntil({
        poll: async () =>
          (
            await http.getJson({
              url: `${videos}/${videoId}/Index?${query({ includeSummarizedInsights: 'false' }, await accessToken(signal))}`,
              responseSchema: videoIndexSchema,
              signal,
            })
          ).value,
        isFinal: (value) => FINAL_STATES.has(value.state),
        intervalMs: settings.pollIntervalMs ?? 10_000,
        timeoutMs: settings.pollTimeoutMs ?? 12 * 3_600_000,
        description: `Video Indexer video ${videoId}`,
        clock,
        signal,
      });
      const video = index.videos[0];
      if (index.state !== 'Processed') {
        throw new TranscriptionError({
          code: 'video_indexer_failed',
          retryable: false,
          message: `Video Indexer could not index video ${videoId}: ${index.state}${video?.failureCode === undefined ? '' : ` (${video.failureCode}: ${video.failureMessage ?? ''})`}.`,
        });
      }
      const lines = video?.insights?.transcript ?? [];
      let segments: TranscriptionResponse['segments'];
      try {
        segments = lines
          .filter((line) => line.text.trim() !== '')
          .map((line) => ({
            start: parseIndexerTime(line.instances[0]!.start),
            end: parseIndexerTime(line.instances[0]!.end),
            text: line.text,
            ...(line.speakerId === undefined ? {} : { speaker: String(line.speakerId) }),
            ...(line.confidence === undefined
              ? {}
              : { confidence: Math.min(1, Math.max(0, line.confidence)) }),
          }));
      } catch (error) {
        throw new ApiCallError({
          method: 'GET',
          url: `${videos}/${videoId}/Index`,
          code: 'invalid_response',
          retryable: false,
          problem: `returned a transcript time toex cannot read (${(error as Error).message})`,
        });
      }
      // Best effort: evidence should not stay in the account; failure here does not lose the transcript.
      await http
        .request({
          method: 'DELETE',
          url: `${videos}/${videoId}?${query({}, await accessToken(signal))}`,
          signal,
        })
        .catch(() => undefined);
      return {
        segments,
        ...(video?.insights?.sourceLanguage === undefined ? {} : { language: video.insights.sourceLanguage }),
        requestId: videoId,
        warnings: [],
      };
    },
  };
}
