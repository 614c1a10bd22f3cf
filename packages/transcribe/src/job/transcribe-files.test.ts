import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, readManifest, ToexAbortError } from '@toex/core';
import { createMemoryLedger } from '@toex/costing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encode, makeSpeech, REFERENCE_SENTENCES } from '../__fixtures__/make-speech';
import { createScriptedTranscriber, serverError } from '../__fixtures__/scripted-transcriber';
import { parseSrtStrict, parseVttStrict } from '../writers/__fixtures__/strict-subtitle-parsers';
import { estimateTranscription } from './estimate-transcription';
import { transcribeFiles } from './transcribe-files';

const noSleep = { sleep: async () => {}, maxRetries: 2 };
let dir: string;
let speech: { path: string; starts: number[]; durationSeconds: number };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toex-job-'));
  // 5 sentences with 1.5 s gaps, about 22 s: at 6 s per chunk that is 5 or more chunks.
  speech = await makeSpeech(dir, REFERENCE_SENTENCES, { gapSeconds: 1.5 });
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('transcribeFiles with a stand-in provider', () => {
  it('cuts at silences, sends each chunk once, and merges with the chunk offsets', async () => {
    const provider = createScriptedTranscriber();
    const out = join(dir, 'out-merge');
    const result = await transcribeFiles({ inputs: [speech.path], provider, outputDir: out, retry: noSleep });
    const [file] = result.files;
    expect(file!.chunks).toBeGreaterThanOrEqual(4);
    expect(provider.calls).toHaveLength(file!.chunks);
    const chunks = file!.transcript.metadata.chunks as Array<{ start: number; end: number }>;
    // One segment per chunk, shifted by its chunk's start.
    expect(file!.transcript.segments.map((s) => s.start)).toEqual(
      chunks.map((c) => Math.round((c.start + 0.1) * 1000) / 1000),
    );
    for (const call of provider.calls) expect(call.audio.durationSeconds).toBeLessThanOrEqual(6);
    expect(result.failedChunks).toBe(0);
    const manifest = await readManifest(file!.manifestPath);
    expect(manifest).toMatchObject({
      kind: 'transcription',
      machineOutput: true,
      provider: { id: 'scripted', endpoint: 'stt.example.test/v1' },
      counts: { chunks: file!.chunks, failedChunks: 0, cachedChunks: 0 },
      billing: { unit: 'audioSeconds' },
    });
    // Per-second billing, rounded up per request: at most one extra second per chunk.
    const billed = manifest.billing.audioSeconds as number;
    expect(billed).toBeGreaterThanOrEqual(speech.durationSeconds);
    expect(billed).toBeLessThanOrEqual(Math.ceil(speech.durationSeconds) + file!.chunks);
    expect(manifest.billing.meteredAudioSeconds).toBe(billed);
    expect(manifest.output.path).toBe(join(out, 'speech.json'));
    expect(manifest.additionalOutputs.map((f) => f.path)).toEqual(
      ['srt', 'vtt', 'txt'].map((ext) => join(out, `speech.${ext}`)),
    );
  }, 60_000);

  it('retries a chunk that failed once and succeeds', async () => {
    const provider = createScriptedTranscriber({ fail: (call) => (call === 1 ? serverError() : undefined) });
    const result = await transcribeFiles({
      inputs: [speech.path],
      provider,
      outputDir: join(dir, 'out-retry'),
      retry: noSleep,
    });
    expect(result.failedChunks).toBe(0);
    expect(provider.calls).toHaveLength(result.files[0]!.chunks + 1);
  }, 60_000);

  it('marks a chunk that keeps failing as a gap in every format, never a silent hole', async () => {
    let target: number | undefined;
    const provider = createScriptedTranscriber({
      fail: (_call, request) => {
        target ??= Math.round(request.audio.durationSeconds * 1000);
        return Math.round(request.audio.durationSeconds * 1000) === target ? serverError() : undefined;
      },
    });
    const out = join(dir, 'out-gap');
    const result = await transcribeFiles({ inputs: [speech.path], provider, outputDir: out, retry: noSleep });
    expect(result.failedChunks).toBeGreaterThanOrEqual(1);
    const gaps = result.files[0]!.transcript.segments.filter((s) => s.gap !== undefined);
    expect(gaps).toHaveLength(result.failedChunks);
    expect(gaps[0]!.gap!.code).toBe('http_500');
    const durationMs = Math.round(result.files[0]!.transcript.durationSeconds * 1000);
    const srt = await readFile(join(out, 'speech.srt'), 'utf8');
    expect(parseSrtStrict(srt, durationMs).some((cue) => cue.text.startsWith('[NOT TRANSCRIBED'))).toBe(true);
    const vtt = await readFile(join(out, 'speech.vtt'), 'utf8');
    expect(parseVttStrict(vtt, durationMs).some((cue) => cue.text.startsWith('[NOT TRANSCRIBED'))).toBe(true);
    expect(await readFile(join(out, 'speech.txt'), 'utf8')).toContain('NOT transcribed');
    expect(JSON.parse(await readFile(join(out, 'speech.json'), 'utf8')).gaps).toBe(result.failedChunks);
    const manifest = await readManifest(join(out, 'speech.manifest.json'));
    expect(manifest.counts.failedChunks).toBe(result.failedChunks);
    expect(manifest.warnings.map((w) => w.code)).toContain('chunks_failed');
  }, 60_000);

  it('resumes an aborted multi-chunk job without re-sending the chunks it finished', async () => {
    const cache = join(dir, 'cache-resume');
    const controller = new AbortController();
    const first = createScriptedTranscriber({
      delayMs: (request) => 20 * request.audio.durationSeconds,
      onCall: (call) => {
        if (call === 2) controller.abort();
      },
    });
    await expect(
      transcribeFiles({
        inputs: [speech.path],
        provider: first,
        outputDir: join(dir, 'out-resume'),
        cache,
        concurrency: 1,
        signal: controller.signal,
        retry: noSleep,
      }),
    ).rejects.toSatisfy((error: unknown) => ToexAbortError.isInstance(error));
    const finished = first.calls.length - 1; // the third call was cut short by the abort
    expect(finished).toBe(2);
    const second = createScriptedTranscriber();
    const result = await transcribeFiles({
      inputs: [speech.path],
      provider: second,
      outputDir: join(dir, 'out-resume'),
      cache,
      retry: noSleep,
    });
    const file = result.files[0]!;
    expect(file.cachedChunks).toBe(finished);
    expect(second.calls).toHaveLength(file.chunks - finished);
    // Only what was sent this time is billed this time.
    expect(Number(file.billedSeconds)).toBeLessThan(speech.durationSeconds);
    expect(file.transcript.segments.filter((s) => s.gap === undefined)).toHaveLength(file.chunks);
  }, 60_000);

  it('runs many small voice notes as one job with one ledger entry', async () => {
    const notes = await Promise.all(
      ['note-a', 'note-b', 'note-c'].map(async (name, i) => {
        const wav = await makeSpeech(dir, [REFERENCE_SENTENCES[i]!], { name });
        return encode(wav.path, join(dir, `${name}.ogg`), ['-c:a', 'libopus', '-b:a', '24k']);
      }),
    );
    const ledger = createMemoryLedger();
    const provider = createScriptedTranscriber();
    const out = join(dir, 'out-notes');
    const result = await transcribeFiles({
      inputs: notes,
      provider,
      outputDir: out,
      retry: noSleep,
      ledger: { ledger, organisation: 'Example Constabulary', caseReference: 'OP-1' },
      costing: { currency: 'USD' },
    });
    expect(result.files.map((f) => f.manifestPath)).toEqual(
      ['note-a', 'note-b', 'note-c'].map((n) => join(out, `${n}.manifest.json`)),
    );
    expect(new Set(result.files.map((f) => f.manifest.job.id)).size).toBe(1);
    const entries = [];
    for await (const entry of ledger.entries()) entries.push(entry);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      jobId: result.jobId,
      caseReference: 'OP-1',
      quantity: result.billedSeconds,
      unit: 'second',
    });
    expect(entries[0]!.cost).toBe(result.cost!.amount);
  }, 60_000);

  it('stops before sending anything when the estimate is over the budget', async () => {
    const provider = createScriptedTranscriber();
    await expect(
      transcribeFiles({
        inputs: [speech.path],
        provider,
        outputDir: join(dir, 'out-budget'),
        budget: '0.001',
        costing: { currency: 'USD' },
      }),
    ).rejects.toMatchObject({ code: 'budget_exceeded' });
    expect(provider.calls).toHaveLength(0);
  });

  it('estimates from probed durations and sends nothing', async () => {
    const provider = createScriptedTranscriber();
    const estimate = await estimateTranscription({
      inputs: [speech.path],
      provider,
      costing: { currency: 'USD' },
    });
    expect(provider.calls).toHaveLength(0);
    expect(estimate.durationSeconds).toBeCloseTo(speech.durationSeconds, 1);
    expect(estimate.requests).toBe(Math.ceil(speech.durationSeconds / 6));
    // whisper-1 at $0.006 a minute, per second.
    expect(Number(estimate.cost!.amount)).toBeCloseTo((Number(estimate.billedSeconds) / 60) * 0.006, 6);
  });

  it('refuses a corrupt input before sending anything', async () => {
    const provider = createScriptedTranscriber();
    const bad = join(dir, 'bad.mp3');
    await (await import('node:fs/promises')).writeFile(bad, 'not audio at all\n');
    await expect(
      transcribeFiles({ inputs: [speech.path, bad], provider, outputDir: join(dir, 'out-bad') }),
    ).rejects.toMatchObject({ name: 'MediaError' });
    expect(provider.calls).toHaveLength(0);
  });

  it('stops the job on a configuration error rather than gapping every chunk', async () => {
    const provider = createScriptedTranscriber({
      fail: () => new ConfigurationError({ code: 'missing_secret', message: 'no key' }),
    });
    await expect(
      transcribeFiles({ inputs: [speech.path], provider, outputDir: join(dir, 'out-config') }),
    ).rejects.toMatchObject({ code: 'missing_secret' });
  });
});
