import {
  ConfigurationError,
  type ContentStore,
  type ProgressEmitter,
  type RateLimiter,
  RetryError,
  retry,
  ToexAbortError,
  ToexError,
} from '@toex/core';
import type { TranscriptionProvider, TranscriptionRequest } from '../spec';
import type { ChunkOutcome } from './merge-chunks';
import type { PreparedChunk } from './prepare-media';
import { chunkKey, type StoredChunk } from './stored-chunk';
import type { TranscribeFilesOptions } from './transcription-job-options';

/** What one chunk needs to run. */
export interface ChunkContext {
  provider: TranscriptionProvider;
  limiter: RateLimiter;
  store: ContentStore<StoredChunk> | undefined;
  request: Pick<TranscriptionRequest, 'language' | 'speakers'>;
  retry: TranscribeFilesOptions['retry'];
  jobId: string;
  events: ProgressEmitter | undefined;
  signal: AbortSignal | undefined;
}

/**
 * Transcribes one chunk: from the store when it was done before, else through the limiter and core's
 * retry, storing the result before reporting it done (so a kill after this point never pays again).
 * A chunk that still fails becomes a `failed` outcome, a gap in the transcript; only configuration
 * errors and aborts, which would fail every chunk alike, stop the job.
 */
export async function transcribeChunk(chunk: PreparedChunk, context: ChunkContext): Promise<ChunkOutcome> {
  const key = chunkKey(context.provider, chunk.sha256, context.request);
  const stored = (await context.store?.getMany([key]))?.get(key);
  if (stored !== undefined) return { chunk, status: 'cached', result: stored };
  try {
    const response = await retry(
      async () => {
        const permit = await context.limiter.acquire({ requests: 1 }, context.signal);
        try {
          const result = await context.provider.transcribe(
            {
              ...context.request,
              audio: {
                path: chunk.path,
                bytes: chunk.bytes,
                durationSeconds: chunk.end - chunk.start,
                mediaType: 'audio/wav',
              },
            },
            context.signal === undefined ? {} : { signal: context.signal },
          );
          context.limiter.succeeded();
          return result;
        } catch (error) {
          if (ToexError.isInstance(error) && error.code === 'http_429') {
            const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs;
            context.limiter.throttled({ permit, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
          }
          throw error;
        } finally {
          permit.release();
        }
      },
      {
        ...context.retry,
        signal: context.signal,
        onRetry: (event) =>
          context.events?.emit('retry', {
            jobId: context.jobId,
            attempt: event.attempt,
            delayMs: event.delayMs,
            code: event.error.code,
          }),
      },
    );
    const result: StoredChunk = {
      segments: response.segments,
      warnings: response.warnings,
      ...(response.language === undefined ? {} : { language: response.language }),
      ...(response.meteredSeconds === undefined ? {} : { meteredSeconds: response.meteredSeconds }),
      ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
    };
    await context.store?.putMany([[key, result]]);
    return { chunk, status: 'done', result };
  } catch (error) {
    if (ToexAbortError.isInstance(error) || ConfigurationError.isInstance(error)) throw error;
    const last = RetryError.isInstance(error) ? error.lastError : error;
    const code = ToexError.isInstance(last) ? last.code : 'unexpected_error';
    const message = error instanceof Error ? error.message : String(error);
    context.events?.emit('warning', {
      jobId: context.jobId,
      code: 'chunk_failed',
      message: `Chunk ${chunk.index + 1} (${chunk.start.toFixed(1)}–${chunk.end.toFixed(1)} s) was not transcribed: ${message}`,
    });
    return { chunk, status: 'failed', gap: { code, message: `chunk ${chunk.index + 1} failed: ${message}` } };
  }
}
