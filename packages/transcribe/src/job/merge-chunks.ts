import type { MediaChunk } from '../media/plan-chunks';
import type { TranscriptGap, TranscriptSegment } from '../transcript/transcript';
import type { StoredChunk } from './stored-chunk';

/** How one chunk ended: its provider result, or why it has none. */
export type ChunkOutcome =
  | { chunk: MediaChunk; status: 'done' | 'cached'; result: StoredChunk }
  | { chunk: MediaChunk; status: 'failed'; gap: TranscriptGap };

/**
 * Joins chunk results into one timeline: every time is shifted by its chunk's start, segments are kept
 * within their chunk, and a failed chunk becomes a gap segment over its whole span, so no stretch of
 * the recording is silently missing.
 */
export function mergeChunks(outcomes: readonly ChunkOutcome[]): TranscriptSegment[] {
  const segments: TranscriptSegment[] = [];
  for (const outcome of [...outcomes].sort((a, b) => a.chunk.start - b.chunk.start)) {
    const { start, end } = outcome.chunk;
    if (outcome.status === 'failed') {
      segments.push({ start, end, text: '', gap: outcome.gap });
      continue;
    }
    const shift = (seconds: number) => round(Math.min(end, Math.max(start, start + seconds)));
    for (const segment of outcome.result.segments) {
      segments.push({
        ...segment,
        start: shift(segment.start),
        end: shift(segment.end),
        ...(segment.words === undefined
          ? {}
          : {
              words: segment.words.map((word) => ({
                ...word,
                start: shift(word.start),
                end: shift(word.end),
              })),
            }),
      });
    }
  }
  return segments;
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
