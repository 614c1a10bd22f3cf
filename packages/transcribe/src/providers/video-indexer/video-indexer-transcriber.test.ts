import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createSimulatedClock, type SimulatedClock, ToexAbortError } from '@toex/core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TranscriptionRequest } from '../../spec';
import { createVideoIndexerHandlers } from '../../testing/video-indexer-handlers';
import { parseIndexerTime } from './video-indexer-api';
import { createVideoIndexerTranscriber } from './video-indexer-transcriber';

const run = promisify(execFile);
const server = setupServer();
const account = {
  subscriptionId: 'sub-1',
  resourceGroup: 'rg-evidence',
  accountName: 'vi-force',
  accountId: '00000000-aaaa-bbbb-cccc-000000000001',
  location: 'westeurope',
};
const armToken = 'arm-token-zyxwvutsrqponmlk';
let dir: string;
let request: TranscriptionRequest;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  dir = await mkdtemp(join(tmpdir(), 'toex-vi-'));
  const wav = join(dir, 'radio.wav');
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
    '-c:a',
    'pcm_s16le',
    wav,
  ]);
  request = {
    audio: { path: wav, bytes: (await stat(wav)).size, durationSeconds: 5, mediaType: 'audio/wav' },
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

function setup(states: string[], extra: { pollIntervalMs?: number; pollTimeoutMs?: number } = {}) {
  const clock = createSimulatedClock();
  const fake = createVideoIndexerHandlers({ ...account, armToken, states, clock });
  server.use(...fake.handlers);
  const provider = createVideoIndexerTranscriber({
    ...account,
    getArmToken: async () => armToken,
    clock,
    fetch: globalThis.fetch,
    ...extra,
  });
  return { clock, fake, provider };
}

describe('Video Indexer', () => {
  it('uploads privately, polls to Processed, maps transcript lines and speakers, deletes the video', async () => {
    const { clock, fake, provider } = setup(['Uploaded', 'Processing', 'Processed']);
    const response = await drive(provider.transcribe(request), clock, 10_000);
    expect(fake.seen.uploads).toEqual([{ name: 'radio.wav', privacy: 'Private' }]);
    expect(response.segments).toEqual([
      { start: 0, end: 2.5, text: 'Control, this is unit four.', speaker: '1', confidence: 0.91 },
      { start: 3.1, end: 4.9, text: 'Go ahead, unit four.', speaker: '2', confidence: 0.88 },
    ]);
    expect(response.language).toBe('en-GB');
    expect(fake.seen.deleted).toEqual(['video1']);
  });

  it('refreshes the access token before its hour runs out during a long index', async () => {
    // 100 minutes of Processing, polled every 10 minutes: the first token would expire at 60.
    const states = [...Array.from({ length: 10 }, () => 'Processing'), 'Processed'];
    const { clock, fake, provider } = setup(states, { pollIntervalMs: 600_000 });
    const response = await drive(provider.transcribe(request), clock, 600_000);
    expect(response.segments).toHaveLength(2);
    // Issued at 0, refreshed at 50 and 100 minutes: each 10 minutes before the last one would expire.
    expect(fake.seen.tokensIssued).toBe(3);
    expect(fake.seen.expiredTokenRequests).toBe(0);
  });

  it('reports a Failed index with its failure code, not retryable', async () => {
    const { clock, provider } = setup(['Processing', 'Failed']);
    const error = await drive(provider.transcribe(request), clock, 10_000).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'video_indexer_failed', retryable: false });
    expect((error as Error).message).toContain('UnsupportedFileType');
  });

  it('times out an index that never finishes, naming the video', async () => {
    const { clock, fake, provider } = setup(['Processing'], {
      pollIntervalMs: 60_000,
      pollTimeoutMs: 300_000,
    });
    const error = await drive(provider.transcribe(request), clock, 60_000).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'polling_timeout', retryable: false });
    expect((error as Error).message).toContain('video1');
    expect(fake.seen.uploads).toHaveLength(1);
  });

  it('stops at once when aborted while polling', async () => {
    const { clock, fake, provider } = setup(['Processing']);
    const controller = new AbortController();
    const pending = provider.transcribe(request, { signal: controller.signal }).catch((e: unknown) => e);
    await drive(new Promise((resolve) => setTimeout(resolve, 50)), clock, 10_000);
    const polls = fake.seen.polls;
    controller.abort();
    expect(ToexAbortError.isInstance(await pending)).toBe(true);
    await clock.advanceBy(600_000);
    expect(fake.seen.polls).toBe(polls);
  });

  it('reads its time strings whatever their precision', () => {
    expect(parseIndexerTime('0:00:10.21')).toBeCloseTo(10.21, 6);
    expect(parseIndexerTime('00:00:07.2400000')).toBeCloseTo(7.24, 6);
    expect(parseIndexerTime('1:02:03')).toBe(3723);
    expect(() => parseIndexerTime('7.24')).toThrow();
  });
});
