import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSpeech, makeVideo, REFERENCE_SENTENCES } from '../__fixtures__/make-speech';
import { createPocketSphinxTranscriber } from '../providers/pocketsphinx/pocketsphinx-transcriber';
import { wordErrorRate } from '../quality/word-error-rate';
import { transcriptText } from '../transcript/transcript';
import { parseSrtStrict } from '../writers/__fixtures__/strict-subtitle-parsers';
import { transcribeFiles } from './transcribe-files';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toex-job-sphinx-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a generated video through the job with real PocketSphinx, in several chunks', () => {
  it('puts each sentence at its time in the video and keeps the WER bound across chunk joins', async () => {
    const speech = await makeSpeech(dir, REFERENCE_SENTENCES, { gapSeconds: 1.5, leadSeconds: 2 });
    const video = await makeVideo(speech.path, join(dir, 'bwv-0412.mp4'));
    // 8-second chunks force cuts inside the recording, so offsets must be right for times to match.
    const provider = createPocketSphinxTranscriber({ chunkSeconds: 8 });
    const out = join(dir, 'out');
    const result = await transcribeFiles({
      inputs: [video],
      provider,
      outputDir: out,
      language: 'en',
      concurrency: 2,
    });
    const file = result.files[0]!;
    expect(file.chunks).toBeGreaterThanOrEqual(3);
    expect(result.failedChunks).toBe(0);
    const wer = wordErrorRate(REFERENCE_SENTENCES.join(' '), transcriptText(file.transcript));
    console.log(
      `PocketSphinx via job, mp4 (AAC) in ${file.chunks} chunks: WER ${(wer.rate * 100).toFixed(1)} % (${wer.errors}/${wer.referenceWords})`,
    );
    expect(wer.rate).toBeLessThanOrEqual(0.2);
    for (const start of speech.starts) {
      expect(file.transcript.segments.some((s) => Math.abs(s.start - start) < 0.5)).toBe(true);
    }
    const srt = await readFile(join(out, 'bwv-0412.srt'), 'utf8');
    expect(parseSrtStrict(srt, Math.round(file.transcript.durationSeconds * 1000)).length).toBeGreaterThan(5);
    expect(file.manifest).toMatchObject({
      provider: { id: 'pocketsphinx', endpoint: 'local:pocketsphinx_continuous', model: 'en-us' },
      cost: { amount: '0', estimated: true },
    });
  }, 180_000);
});
