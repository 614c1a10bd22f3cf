import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { transcribeFiles } from '../../job/transcribe-files';
import { createOpenAiTranscriptionHandlers } from '../../testing/openai-transcription-handlers';
import { parseSrtStrict } from '../../writers/__fixtures__/strict-subtitle-parsers';
import { formatSrt } from '../../writers/srt-writer';
import { createOpenAiTranscriber } from './openai-transcriber';

const run = promisify(execFile);
const server = setupServer();
let dir: string;
let recording: string;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  dir = await mkdtemp(join(tmpdir(), 'toex-openai-'));
  // 30 minutes of "speech" (a tone) for 8 s then 2 s of silence, as AAC in mp4: 57.6 MB as 16 kHz WAV,
  // over twice OpenAI's 25 MB upload limit.
  recording = join(dir, 'interview.m4a');
  await run('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    "aevalsrc='if(lt(mod(t,10),8),0.4*sin(2*PI*300*t),0)':d=1800:s=16000",
    '-c:a',
    'aac',
    '-b:a',
    '32k',
    recording,
  ]);
}, 120_000);
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('OpenAI-compatible transcription', () => {
  it('cuts a 30-minute recording under the 25 MB limit, at silences, and merges the timings', async () => {
    const fake = createOpenAiTranscriptionHandlers();
    server.use(...fake.handlers);
    const provider = createOpenAiTranscriber({ apiKey: 'sk-test-key-123456', fetch: globalThis.fetch });
    const result = await transcribeFiles({
      inputs: [recording],
      provider,
      outputDir: join(dir, 'out'),
      language: 'en-GB',
      costing: { currency: 'USD' },
    });
    const file = result.files[0]!;
    expect(result.failedChunks).toBe(0);
    expect(fake.calls.length).toBe(file.chunks);
    expect(fake.calls.length).toBeGreaterThanOrEqual(3);
    for (const call of fake.calls) {
      expect(call.bytes).toBeLessThanOrEqual(25_000_000);
      expect(call).toMatchObject({
        model: 'whisper-1',
        responseFormat: 'verbose_json',
        language: 'en',
        authorization: 'Bearer sk-test-key-123456',
      });
    }
    // Cuts fall in the 2-second silences (seconds 8–10 of every 10).
    const chunks = file.transcript.metadata.chunks as Array<{ end: number }>;
    for (const chunk of chunks.slice(0, -1)) expect(chunk.end % 10).toBeGreaterThanOrEqual(8);
    // Segments run on across chunk joins: the fake's per-chunk `second N` lands at chunk start + N.
    const starts = file.transcript.segments.map((s) => s.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts.at(-1)!).toBeGreaterThan(1790);
    expect(
      parseSrtStrict(formatSrt(file.transcript), Math.round(file.transcript.durationSeconds * 1000)).length,
    ).toBe(file.transcript.segments.length + 1);
    // Billed per second as the provider metered it: whisper-1 at $0.006 a minute.
    expect(file.manifest.billing.meteredAudioSeconds).toBeGreaterThanOrEqual(1800);
    expect(Number(result.cost!.amount)).toBeCloseTo((Number(result.billedSeconds) / 60) * 0.006, 6);
    expect(JSON.stringify(file.manifest)).not.toContain('sk-test-key-123456');
  }, 180_000);

  it('honours a 429 with Retry-After through core retry and still finishes every chunk', async () => {
    const fake = createOpenAiTranscriptionHandlers({ throttle: (call) => (call === 0 ? 0 : undefined) });
    server.use(...fake.handlers);
    const provider = createOpenAiTranscriber({ apiKey: 'sk-test-key-123456', fetch: globalThis.fetch });
    const short = join(dir, 'short.wav');
    await run('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'sine=f=300:d=5',
      '-ar',
      '16000',
      '-ac',
      '1',
      short,
    ]);
    const result = await transcribeFiles({
      inputs: [short],
      provider,
      outputDir: join(dir, 'out-429'),
      retry: { sleep: async () => {} },
    });
    expect(result.failedChunks).toBe(0);
    expect(fake.calls).toHaveLength(2);
  }, 60_000);

  it('fails with the missing key named before anything is sent to api.openai.com', async () => {
    const fake = createOpenAiTranscriptionHandlers();
    server.use(...fake.handlers);
    const provider = createOpenAiTranscriber({ fetch: globalThis.fetch, env: {} });
    const short = join(dir, 'short2.wav');
    await run('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'sine=f=300:d=3',
      '-ar',
      '16000',
      '-ac',
      '1',
      short,
    ]);
    await expect(
      transcribeFiles({ inputs: [short], provider, outputDir: join(dir, 'out-key') }),
    ).rejects.toMatchObject({ code: 'missing_secret' });
    expect(fake.calls).toHaveLength(0);
  });
});
