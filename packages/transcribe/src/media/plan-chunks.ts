import { ConfigurationError } from '@toex/core';
import type { Silence } from './detect-silences';
import { SPEECH_BYTES_PER_SECOND } from './extract-audio';

/** One piece of a recording sent as one request. Times are seconds from the start of the recording. */
export interface MediaChunk {
  /** 0-based position in the recording. */
  index: number;
  start: number;
  end: number;
  /** True when the chunk ends at a silence or at the end; false when no silence fitted and it was cut hard. */
  endsAtSilence: boolean;
}

/** Limits a chunk must stay within. */
export interface ChunkLimits {
  /** Longest chunk, in seconds. */
  maxSeconds?: number;
  /** Largest chunk as 16 kHz mono 16-bit WAV, in bytes (header included). */
  maxBytes?: number;
  /** Shortest chunk worth making when a silence allows a cut, in seconds. Default: a third of the longest. */
  minSeconds?: number;
}

const WAV_HEADER_BYTES = 44;
const EPSILON = 1e-6;

/** The longest chunk allowed by `limits`, in seconds; `Infinity` when nothing limits it. */
export function maxChunkSeconds(limits: ChunkLimits): number {
  const bySize =
    limits.maxBytes === undefined
      ? Number.POSITIVE_INFINITY
      : Math.floor(((limits.maxBytes - WAV_HEADER_BYTES) / SPEECH_BYTES_PER_SECOND) * 1000) / 1000;
  return Math.min(limits.maxSeconds ?? Number.POSITIVE_INFINITY, bySize);
}

/**
 * Splits `durationSeconds` of audio into consecutive chunks within `limits`, cutting in the middle of
 * the latest silence that keeps each chunk within them, so no word is cut in half. Where a stretch of
 * speech is longer than a chunk may be, the cut is made at the limit and `endsAtSilence` is false.
 * Chunks cover the recording exactly: the first starts at 0, each starts where the last ended.
 */
export function planChunks(
  durationSeconds: number,
  silences: readonly Silence[],
  limits: ChunkLimits,
): MediaChunk[] {
  const longest = maxChunkSeconds(limits);
  if (!(longest > 1)) {
    throw new ConfigurationError({
      code: 'invalid_option',
      setting: 'chunk limits',
      message: `A chunk must be allowed to be more than a second long; these limits allow ${longest} s.`,
    });
  }
  const shortest = Math.min(limits.minSeconds ?? longest / 3, longest);
  const cuts = silences.map((silence) => (silence.start + silence.end) / 2).sort((a, b) => a - b);
  const chunks: MediaChunk[] = [];
  let start = 0;
  while (durationSeconds - start > EPSILON) {
    const limit = start + longest;
    if (limit >= durationSeconds - EPSILON) {
      chunks.push({ index: chunks.length, start, end: durationSeconds, endsAtSilence: true });
      break;
    }
    let cut: number | undefined;
    for (const candidate of cuts) {
      if (candidate > limit) break;
      if (candidate >= start + shortest) cut = candidate;
    }
    const end = round(cut ?? limit);
    chunks.push({ index: chunks.length, start, end, endsAtSilence: cut !== undefined });
    start = end;
  }
  return chunks;
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
