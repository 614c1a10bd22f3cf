import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createSimulatedClock, type SimulatedClock } from '@toex/core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TranscriptionRequest } from '../../spec';
import { createAssemblyAiHandlers, createDeepgramHandlers } from '../../testing/assemblyai-deepgram-handlers';
import { createDeepgramTranscriber } from '../deepgram/deepgram-transcriber';
import { createAssemblyAiTranscriber } from './assemblyai-transcriber';

const run = promisify(execFile);
const server = setupServer();
let dir: string;
let request: TranscriptionRequest;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  dir = await mkdtemp(join(tmpdir(), 'toex-aai-dg-'));
  const wav = join(dir, 'call.wav');
  await run('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'sine=f=300:d=6',
    '-ar',
    '16000',
    '-ac',
    '1',
    '-c:a',
    'pcm_s16le',
    wav,
  ]);
  request = {
    audio: { path: wav, bytes: (await stat(wav)).size, durationSeconds: 6, mediaType: 'audio/wav' },
    language: 'en-GB',
    speakers: 2,
  };
});
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

async function drive<T>(promise: Promise<T>, clock: SimulatedClock, stepMs: number): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    // Time moves only while the code under test sleeps, never during a request, so runs are deterministic.
    if (clock.pendingTimers > 0) await clock.advanceBy(stepMs);
  }
  return promise;
}

describe('AssemblyAI', () => {
  const apiKey = 'aai-test-key-0123456789';
  it('uploads, submits with speaker labels and no profanity filter, polls, maps milliseconds', async () => {
    const fake = createAssemblyAiHandlers({ apiKey, statuses: ['queued', 'processing', 'completed'] });
    server.use(...fake.handlers);
    const clock = createSimulatedClock();
    const provider = createAssemblyAiTranscriber({ apiKey, fetch: globalThis.fetch, clock });
    const response = await drive(provider.transcribe(request), clock, 3_000);
    expect(fake.seen.submitted[0]).toMatchObject({
      audio_url: 'https://cdn.assemblyai.com/upload/1',
      speaker_labels: true,
      speakers_expected: 2,
      filter_profanity: false,
      language_code: 'en',
    });
    expect(fake.seen.polls).toBe(3);
    expect(response.segments).toEqual([
      { start: 0.25, end: 1.9, text: 'Where were you?', speaker: 'A', confidence: 0.94 },
      { start: 2.4, end: 3.3, text: 'At home.', speaker: 'B', confidence: 0.9 },
    ]);
    expect(response.meteredSeconds).toBe(6);
  });

  it('reports a transcript in the error state, not retryable', async () => {
    const fake = createAssemblyAiHandlers({ apiKey, statuses: ['processing', 'error'] });
    server.use(...fake.handlers);
    const clock = createSimulatedClock();
    const provider = createAssemblyAiTranscriber({ apiKey, fetch: globalThis.fetch, clock });
    await expect(drive(provider.transcribe(request), clock, 3_000)).rejects.toMatchObject({
      code: 'assemblyai_failed',
      retryable: false,
    });
  });

  it('gives a typed, non-retryable 401 for a bad key', async () => {
    server.use(...createAssemblyAiHandlers({ apiKey, statuses: ['completed'] }).handlers);
    const provider = createAssemblyAiTranscriber({ apiKey: 'wrong-key-0000000000', fetch: globalThis.fetch });
    await expect(provider.transcribe(request)).rejects.toMatchObject({ code: 'http_401', retryable: false });
  });
});

describe('Deepgram', () => {
  const apiKey = 'dg-test-key-0123456789';
  it('sends the WAV with diarization and the language, and maps utterances and speakers', async () => {
    const fake = createDeepgramHandlers({ apiKey });
    server.use(...fake.handlers);
    const provider = createDeepgramTranscriber({ apiKey, fetch: globalThis.fetch });
    const response = await provider.transcribe(request);
    const query = fake.seen.queries[0]!;
    expect(Object.fromEntries(query)).toMatchObject({
      model: 'nova-3',
      diarize: 'true',
      utterances: 'true',
      language: 'en-GB',
      profanity_filter: 'false',
    });
    expect(fake.seen.contentTypes[0]).toBe('audio/wav');
    expect(response.segments).toEqual([
      { start: 0.5, end: 1.2, text: 'Hello.', speaker: '0', confidence: 0.98 },
      { start: 1.6, end: 2.4, text: 'Hi there.', speaker: '1', confidence: 0.96 },
    ]);
    expect(response.meteredSeconds).toBeCloseTo(6, 1);
    expect(response.requestId).toBe('dg-req-1');
  });
});
