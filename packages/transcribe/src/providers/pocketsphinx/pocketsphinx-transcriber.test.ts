import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSpeech, REFERENCE_SENTENCES } from '../../__fixtures__/make-speech';
import { MediaToolNotFoundError } from '../../errors/media-tool-not-found-error';
import { wordErrorRate } from '../../quality/word-error-rate';
import { createPocketSphinxTranscriber } from './pocketsphinx-transcriber';

// local-engines.md measured PocketSphinx 0.8 (en-us defaults) on these five flite sentences at
// 0–13.3 % WER across the rms, slt, kal16 and awb voices (worst: slt, 6/45 words). A bound of 20 %
// (9 of 45 words) leaves room for that spread while catching a real regression: a parser that drops
// or mangles utterances, wrong audio format, or a broken model all measure 60 % and above there.
const WER_BOUND = 0.2;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toex-sphinx-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('PocketSphinx, for real', () => {
  it.each(['rms', 'slt'])(
    'transcribes flite %s speech under the WER bound, with timings where the speech is',
    async (voice) => {
      const speech = await makeSpeech(dir, REFERENCE_SENTENCES, { name: voice, voice, gapSeconds: 1 });
      const provider = createPocketSphinxTranscriber({ maxConcurrency: 1 });
      const response = await provider.transcribe({
        audio: {
          path: speech.path,
          bytes: (await stat(speech.path)).size,
          durationSeconds: speech.durationSeconds,
          mediaType: 'audio/wav',
        },
        language: 'en',
      });
      const hypothesis = response.segments.map((s) => s.text).join(' ');
      const wer = wordErrorRate(REFERENCE_SENTENCES.join(' '), hypothesis);
      console.log(
        `PocketSphinx WER, flite ${voice}: ${(wer.rate * 100).toFixed(1)} % (${wer.errors}/${wer.referenceWords}) :: ${hypothesis}`,
      );
      expect(wer.rate).toBeLessThanOrEqual(WER_BOUND);
      // Each sentence starts within half a second of where it was put.
      for (const start of speech.starts) {
        expect(response.segments.some((s) => Math.abs(s.start - start) < 0.5)).toBe(true);
      }
      for (const segment of response.segments)
        expect(segment.end).toBeLessThanOrEqual(speech.durationSeconds + 0.05);
    },
    120_000,
  );

  it('refuses a language it has no model for, before running anything', async () => {
    const provider = createPocketSphinxTranscriber();
    await expect(
      provider.transcribe({
        audio: { path: 'x.wav', bytes: 44, durationSeconds: 0, mediaType: 'audio/wav' },
        language: 'es',
      }),
    ).rejects.toMatchObject({ code: 'unsupported_language' });
  });

  it('names the apt packages when the decoder is missing', async () => {
    const provider = createPocketSphinxTranscriber({ program: join(dir, 'no-such-decoder') });
    const error = await provider
      .transcribe({ audio: { path: 'x.wav', bytes: 44, durationSeconds: 0, mediaType: 'audio/wav' } })
      .catch((e: unknown) => e);
    expect(MediaToolNotFoundError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('apt-get install -y pocketsphinx pocketsphinx-en-us');
  });

  it('fails typed, not silently, on audio it cannot take', async () => {
    const provider = createPocketSphinxTranscriber();
    await expect(
      provider.transcribe({
        audio: { path: join(dir, 'missing.wav'), bytes: 44, durationSeconds: 1, mediaType: 'audio/wav' },
      }),
    ).rejects.toMatchObject({ code: 'pocketsphinx_failed', name: 'TranscriptionError' });
  });
});

describe('wordErrorRate', () => {
  it('counts substitutions, deletions and insertions over reference words', () => {
    expect(wordErrorRate('the cat sat', 'the cat sat')).toMatchObject({ rate: 0, errors: 0 });
    expect(wordErrorRate('the cat sat on the mat', 'the bat sat the mat mat')).toMatchObject({
      errors: 3,
      referenceWords: 6,
    });
    expect(wordErrorRate('Hello, World!', 'hello world').rate).toBe(0);
  });
});
