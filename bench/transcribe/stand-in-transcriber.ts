import type { TranscriptionProvider } from '@toex/transcribe';

/**
 * A provider stand-in that takes `factor` × the chunk's real time to answer (0.1: a 10-minute chunk
 * takes a minute), as a cloud service's processing would, and answers one segment per chunk.
 */
export function createStandInTranscriber(
  factor: number,
  chunkSeconds: number,
): TranscriptionProvider & { calls: number } {
  const provider = {
    id: 'stand-in',
    apiVersion: 'bench',
    endpoint: 'https://stand-in.invalid/v1',
    limits: { preferredSecondsPerRequest: chunkSeconds },
    capabilities: { diarization: false, wordTimestamps: false, detectsLanguage: false },
    billing: { provider: 'stand-in', service: 'transcription', sku: 'bench', rule: { incrementSeconds: 1 } },
    calls: 0,
    async transcribe(request: Parameters<TranscriptionProvider['transcribe']>[0]) {
      provider.calls += 1;
      const seconds = request.audio.durationSeconds;
      await new Promise((resolve) => setTimeout(resolve, seconds * factor * 1000));
      return {
        segments: [{ start: 0, end: seconds, text: `chunk of ${seconds.toFixed(1)} s` }],
        warnings: [],
      };
    },
  };
  return provider;
}
