import { join } from 'node:path';
import { sha256File } from '@toex/core';
import { detectSilences } from '../media/detect-silences';
import { extractSpeechAudio } from '../media/extract-audio';
import type { MediaTools } from '../media/media-tools';
import { type ChunkLimits, type MediaChunk, planChunks } from '../media/plan-chunks';
import type { MediaProbe } from '../media/probe-media';
import { readWavLayout, sliceWav } from '../media/wav-file';
import type { TranscriptionLimits } from '../spec';

/** A chunk cut out and ready to send. */
export interface PreparedChunk extends MediaChunk {
  /** The chunk's own WAV file. */
  path: string;
  bytes: number;
  /** SHA-256 of the chunk's WAV bytes, its identity in the store. */
  sha256: string;
}

/** The chunk limits a provider's request limits allow, aiming at its preferred length. */
export function chunkLimitsFor(limits: TranscriptionLimits): ChunkLimits {
  const seconds = [limits.maxSecondsPerRequest, limits.preferredSecondsPerRequest].filter(
    (value): value is number => value !== undefined,
  );
  return {
    ...(seconds.length === 0 ? {} : { maxSeconds: Math.min(...seconds) }),
    ...(limits.maxBytesPerRequest === undefined ? {} : { maxBytes: limits.maxBytesPerRequest }),
  };
}

/**
 * Extracts the speech audio of one probed file into `workDir`, finds its silences and cuts it into
 * chunks within `limits`, each its own WAV with its SHA-256, passed to `onChunk` as soon as it is cut.
 */
export async function prepareMedia(
  probe: MediaProbe,
  workDir: string,
  name: string,
  limits: ChunkLimits,
  options: { tools: MediaTools; signal?: AbortSignal; onChunk?: (chunk: PreparedChunk) => void },
): Promise<{ wavPath: string; durationSeconds: number; chunks: PreparedChunk[] }> {
  const wavPath = join(workDir, `${name}.wav`);
  await extractSpeechAudio(probe.path, wavPath, options);
  const layout = await readWavLayout(wavPath);
  const durationSeconds =
    layout.dataBytes / (layout.sampleRate * layout.channels * (layout.bitsPerSample / 8));
  const needsCutting =
    (limits.maxSeconds !== undefined && durationSeconds > limits.maxSeconds) ||
    (limits.maxBytes !== undefined && layout.dataBytes + 44 > limits.maxBytes);
  const silences = needsCutting ? await detectSilences(wavPath, { ...options, durationSeconds }) : [];
  const planned = planChunks(durationSeconds, silences, limits);
  const chunks: PreparedChunk[] = [];
  for (const chunk of planned) {
    const path = join(workDir, `${name}.chunk${String(chunk.index).padStart(4, '0')}.wav`);
    const bytes = await sliceWav(wavPath, layout, chunk.start, chunk.end, path);
    const prepared = { ...chunk, path, bytes, sha256: (await sha256File(path)).sha256 };
    chunks.push(prepared);
    // Handed over as soon as it is cut, so the first chunks are on the wire while the rest are cut.
    options.onChunk?.(prepared);
  }
  return { wavPath, durationSeconds, chunks };
}
