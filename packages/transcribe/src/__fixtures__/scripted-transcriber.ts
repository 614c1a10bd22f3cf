import { ApiCallError } from '@toex/core';
import type { TranscriptionProvider, TranscriptionRequest, TranscriptionResponse } from '../spec';

/** A stand-in provider whose behaviour per call is scripted; it records every request it was sent. */
export interface ScriptedTranscriber extends TranscriptionProvider {
  readonly calls: TranscriptionRequest[];
}

/**
 * Answers each chunk with one segment spanning it, text `chunk of N.NNN s`. `fail(callIndex, request)`
 * may return an error to throw instead; `delayMs` simulates provider time (e.g. 0.1× real time).
 */
export function createScriptedTranscriber(
  options: {
    fail?: (call: number, request: TranscriptionRequest) => Error | undefined;
    delayMs?: (request: TranscriptionRequest) => number;
    /** Called as each call starts, before any delay. */
    onCall?: (call: number) => void;
    limits?: TranscriptionProvider['limits'];
    billing?: Partial<TranscriptionProvider['billing']>;
  } = {},
): ScriptedTranscriber {
  const calls: TranscriptionRequest[] = [];
  return {
    id: 'scripted',
    apiVersion: 'test',
    endpoint: 'https://stt.example.test/v1',
    limits: options.limits ?? { maxSecondsPerRequest: 6 },
    capabilities: { diarization: true, wordTimestamps: false, detectsLanguage: false },
    billing: { provider: 'openai', service: 'transcription', sku: 'whisper-1', rule: { incrementSeconds: 1 }, ...options.billing },
    calls,
    async transcribe(request, callOptions = {}): Promise<TranscriptionResponse> {
      const call = calls.length;
      calls.push(request);
      options.onCall?.(call);
      if (callOptions.signal?.aborted) throw callOptions.signal.reason;
      const wait = options.delayMs?.(request) ?? 0;
      if (wait > 0) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, wait);
          callOptions.signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(callOptions.signal?.reason);
          });
        });
      }
      const error = options.fail?.(call, request);
      if (error !== undefined) throw error;
      const duration = request.audio.durationSeconds;
      return {
        segments: [{ start: 0.1, end: duration - 0.1, text: `chunk of ${duration.toFixed(3)} s`, speaker: 'A' }],
        language: 'en',
        meteredSeconds: Math.ceil(duration),
        requestId: `req-${call}`,
        warnings: [],
      };
    },
  };
}

/** A 500 as core's HTTP client raises it: retryable. */
export function serverError(): ApiCallError {
  return new ApiCallError({ method: 'POST', statusCode: 500, url: 'https://stt.example.test/v1', providerMessage: 'Internal server error' });
}
