import { contentKey } from '@toex/core';
import { z } from 'zod';
import type { TranscriptionProvider, TranscriptionRequest } from '../spec';
import { transcriptSegmentSchema, transcriptWarningSchema } from '../transcript/transcript';

/** A finished chunk as kept in the content store: what the provider returned for it. */
export const storedChunkSchema = z.object({
  segments: z.array(transcriptSegmentSchema),
  language: z.string().optional(),
  meteredSeconds: z.number().nonnegative().optional(),
  requestId: z.string().optional(),
  warnings: z.array(transcriptWarningSchema),
});

/** A finished chunk as kept in the content store. */
export type StoredChunk = z.infer<typeof storedChunkSchema>;

/**
 * The store key of a chunk: its audio's SHA-256 and everything that changes the result (provider,
 * model, API version, language, speakers). The same audio sent again with the same settings is
 * never paid for twice, whichever file or offset it came from.
 */
export function chunkKey(
  provider: TranscriptionProvider,
  audioSha256: string,
  request: Pick<TranscriptionRequest, 'language' | 'speakers'>,
): string {
  return contentKey(
    'transcription/v1',
    provider.id,
    provider.apiVersion,
    provider.model ?? '',
    request.language ?? '',
    request.speakers === undefined ? '' : String(request.speakers),
    audioSha256,
  );
}
