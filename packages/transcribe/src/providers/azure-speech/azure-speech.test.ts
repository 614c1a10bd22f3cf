import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createSimulatedClock, type SimulatedClock, ToexAbortError } from '@toex/core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { transcribeFiles } from '../../job/transcribe-files';
import type { TranscriptionRequest } from '../../spec';
import { createAzureBatchHandlers, createAzureFastHandlers } from '../../testing/azure-speech-handlers';
import { createAzureBatchTranscriber } from './azure-batch-transcriber';
import { createAzureFastTranscriber } from './azure-fast-transcriber';

const run = promisify(execFile);
const endpoint = 'https://uksouth.api.cognitive.microsoft.com';
const apiKey = 'azure-speech-test-key-0001';
const server = setupServer();
let dir: string;
let wav: string;
let request: TranscriptionRequest;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  dir = await mkdtemp(join(tmpdir(), 'toex-azure-speech-'));
  wav = join(dir, 'call.wav');
  await run('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'sine=f=300:d=10',
    '-ar',
    '16000',
    '-ac',
    '1',
    '-c:a',
    'pcm_s16le',
    wav,
  ]);
  request = {
    audio: { path: wav, bytes: (await stat(wav)).size, durationSeconds: 10, mediaType: 'audio/wav' },
    language: 'en-GB',
    speakers: 2,
  };
});
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

/** Lets msw answer (real I/O) between steps of the simulated clock, until `promise` settles. */
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

describe('Azure AI Speech fast transcription', () => {
  it('asks for no profanity masking and diarization, and maps speakers and times', async () => {
    const fake = createAzureFastHandlers({ endpoint, apiKey });
    server.use(...fake.handlers);
    const provider = createAzureFastTranscriber({ apiKey, region: 'uksouth', fetch: globalThis.fetch });
    const response = await provider.transcribe(request);
    expect(fake.definitions[0]).toEqual({
      locales: ['en-GB'],
      profanityFilterMode: 'None',
      diarization: { enabled: true, maxSpeakers: 2 },
    });
    expect(response.segments).toHaveLength(5);
    expect(response.segments[1]).toMatchObject({
      start: 2,
      end: 3.5,
      text: 'Phrase 1.',
      speaker: '1',
      confidence: 0.9,
    });
    expect(response.language).toBe('en-GB');
  });

  it('recovers from a 429 through the job retry', async () => {
    const fake = createAzureFastHandlers({ endpoint, apiKey, throttleFirst: true });
    server.use(...fake.handlers);
    const provider = createAzureFastTranscriber({ apiKey, region: 'uksouth', fetch: globalThis.fetch });
    const result = await transcribeFiles({
      inputs: [wav],
      provider,
      outputDir: join(dir, 'out-fast'),
      retry: { sleep: async () => {} },
      speakers: 2,
    });
    expect(result.failedChunks).toBe(0);
    expect(result.files[0]!.transcript.segments.map((s) => s.speaker)).toEqual(['0', '1', '0', '1', '0']);
    expect(result.files[0]!.manifest.provider).toMatchObject({
      id: 'azure-speech',
      region: 'uksouth',
      apiVersion: '2024-11-15',
    });
  });
});

describe('Azure AI Speech batch transcription (simulated clock)', () => {
  const upload = async () => 'https://example.blob.core.windows.net/audio/chunk.wav?sv=2024&sig=secret';

  it('submits, polls until Succeeded, pages the file list, downloads without the key, deletes the job', async () => {
    const fake = createAzureBatchHandlers({
      endpoint,
      apiKey,
      script: { statuses: ['NotStarted', 'Running', 'Running', 'Succeeded'] },
    });
    server.use(...fake.handlers);
    const clock = createSimulatedClock();
    const provider = createAzureBatchTranscriber({
      apiKey,
      endpoint,
      fetch: globalThis.fetch,
      clock,
      uploadAudio: upload,
      pollIntervalMs: 10_000,
    });
    const response = await drive(provider.transcribe(request), clock, 10_000);
    const job = fake.jobs.get('job-1')!;
    expect(job.polls).toBe(4);
    expect(job.body).toMatchObject({
      contentUrls: ['https://example.blob.core.windows.net/audio/chunk.wav?sv=2024&sig=secret'],
      locale: 'en-GB',
      properties: {
        profanityFilterMode: 'None',
        timeToLiveHours: 48,
        diarization: { enabled: true, maxSpeakers: 2 },
        wordLevelTimestampsEnabled: true,
      },
    });
    expect(response.segments).toEqual([
      { start: 0.5, end: 2.5, text: 'Where were you on Friday?', speaker: '1', confidence: 0.93 },
      { start: 4, end: 7, text: 'At home.', speaker: '2', confidence: 0.88 },
    ]);
    expect(response.meteredSeconds).toBe(42);
    expect(fake.storageRequests).toEqual([{ subscriptionKey: null }]);
    expect(job.deleted).toBe(true);
  });

  it('reports a Failed job with Azure’s reason, not retryable', async () => {
    const fake = createAzureBatchHandlers({
      endpoint,
      apiKey,
      script: {
        statuses: ['Running', 'Failed'],
        error: { code: 'InvalidData', message: 'The audio could not be decoded.' },
      },
    });
    server.use(...fake.handlers);
    const clock = createSimulatedClock();
    const provider = createAzureBatchTranscriber({
      apiKey,
      endpoint,
      fetch: globalThis.fetch,
      clock,
      uploadAudio: upload,
    });
    const error = await drive(provider.transcribe(request), clock, 10_000).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'azure_batch_failed', retryable: false });
    expect((error as Error).message).toContain('InvalidData: The audio could not be decoded.');
  });

  it('times out a job that never finishes, without resubmitting it', async () => {
    const fake = createAzureBatchHandlers({ endpoint, apiKey, script: { statuses: ['Running'] } });
    server.use(...fake.handlers);
    const clock = createSimulatedClock();
    const provider = createAzureBatchTranscriber({
      apiKey,
      endpoint,
      fetch: globalThis.fetch,
      clock,
      uploadAudio: upload,
      pollIntervalMs: 60_000,
      pollTimeoutMs: 600_000,
    });
    const error = await drive(provider.transcribe(request), clock, 60_000).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'polling_timeout', retryable: false });
    expect(fake.jobs.size).toBe(1);
    // Polled at 0, 1, …, 10 minutes; the next poll would fall past the 10-minute limit.
    expect(fake.jobs.get('job-1')!.polls).toBe(11);
  });

  it('stops polling at once when aborted', async () => {
    const fake = createAzureBatchHandlers({ endpoint, apiKey, script: { statuses: ['Running'] } });
    server.use(...fake.handlers);
    const clock = createSimulatedClock();
    const controller = new AbortController();
    const provider = createAzureBatchTranscriber({
      apiKey,
      endpoint,
      fetch: globalThis.fetch,
      clock,
      uploadAudio: upload,
    });
    const pending = provider.transcribe(request, { signal: controller.signal }).catch((e: unknown) => e);
    await drive(new Promise((resolve) => setTimeout(resolve, 50)), clock, 10_000);
    const pollsBefore = fake.jobs.get('job-1')!.polls;
    controller.abort();
    const error = await pending;
    expect(ToexAbortError.isInstance(error)).toBe(true);
    await clock.advanceBy(100_000);
    expect(fake.jobs.get('job-1')!.polls).toBe(pollsBefore);
  });

  it('refuses to run without a way to upload audio', async () => {
    const provider = createAzureBatchTranscriber({ apiKey, endpoint, fetch: globalThis.fetch });
    await expect(provider.transcribe(request)).rejects.toMatchObject({ code: 'missing_upload' });
  });
});
