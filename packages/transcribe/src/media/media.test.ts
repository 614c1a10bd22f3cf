import { copyFile, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encode, makeSpeech, makeVideo } from '../__fixtures__/make-speech';
import { MediaError } from '../errors/media-error';
import { MediaToolNotFoundError } from '../errors/media-tool-not-found-error';
import { detectSilences } from './detect-silences';
import { extractSpeechAudio } from './extract-audio';
import { resolveMediaTools } from './media-tools';
import { planChunks } from './plan-chunks';
import { probeMedia } from './probe-media';
import { readWavLayout, sliceWav } from './wav-file';

let dir: string;
let speech: { path: string; starts: number[]; durationSeconds: number };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toex-media-'));
  speech = await makeSpeech(
    dir,
    [
      'the weather is cold and windy today',
      'please send the report to my office before noon',
      'can you call me back when you get home',
    ],
    { gapSeconds: 1.5 },
  );
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('probe and extract', () => {
  it('extracts 16 kHz mono 16-bit audio from a generated video with a picture', async () => {
    const video = await makeVideo(speech.path, join(dir, 'interview.mp4'));
    const probe = await probeMedia(video);
    expect(probe.hasVideo).toBe(true);
    expect(probe.audioStreams[0]?.codec).toBe('aac');
    expect(probe.streams.map((s) => s.type).sort()).toEqual(['audio', 'video']);
    const out = join(dir, 'interview.wav');
    await extractSpeechAudio(video, out);
    const layout = await readWavLayout(out);
    expect(layout).toMatchObject({ sampleRate: 16_000, channels: 1, bitsPerSample: 16 });
    // AAC priming adds a few tens of milliseconds; nothing more.
    expect(layout.dataBytes / 32_000).toBeCloseTo(speech.durationSeconds, 0);
    // The silences survive the round trip: the gaps between sentences are where they were.
    const silences = await detectSilences(out);
    expect(silences).toHaveLength(2);
    expect(silences[0]!.end).toBeGreaterThan(speech.starts[1]! - 0.3);
    expect(silences[0]!.end).toBeLessThan(speech.starts[1]! + 0.3);
  }, 60_000);

  it.each([
    ['voice-note.ogg', ['-c:a', 'libopus', '-b:a', '24k'], 'opus'],
    ['call.mp3', ['-c:a', 'libmp3lame', '-b:a', '64k'], 'mp3'],
    ['memo.m4a', ['-c:a', 'aac', '-b:a', '64k'], 'aac'],
    ['clip.mkv', ['-c:a', 'libopus'], 'opus'],
    ['clip.avi', ['-c:a', 'pcm_s16le', '-ar', '44100', '-ac', '2'], 'pcm_s16le'],
    ['clip.mov', ['-c:a', 'aac'], 'aac'],
  ])(
    'reads %s (%s) and extracts speech audio',
    async (name, args, codec) => {
      const file = await encode(speech.path, join(dir, name), args);
      const probe = await probeMedia(file);
      expect(probe.audioStreams[0]?.codec).toBe(codec);
      expect(probe.durationSeconds).toBeCloseTo(speech.durationSeconds, 0);
      const out = join(dir, `${name}.wav`);
      await extractSpeechAudio(file, out);
      expect(await readWavLayout(out)).toMatchObject({ sampleRate: 16_000, channels: 1, bitsPerSample: 16 });
    },
    60_000,
  );

  it('reads an AMR-NB voice note (built frame by frame: Debian ffmpeg decodes AMR but cannot encode it)', async () => {
    // RFC 4867 section 5 storage format: "#!AMR\n", then 20 ms frames; 0x3C heads a 12.2 kbit/s frame of 31 bytes.
    const frame = Buffer.concat([Buffer.from([0x3c]), Buffer.alloc(31, 0x55)]);
    const file = join(dir, 'note.amr');
    await writeFile(
      file,
      Buffer.concat([Buffer.from('#!AMR\n', 'ascii'), ...Array.from({ length: 250 }, () => frame)]),
    );
    const probe = await probeMedia(file);
    expect(probe.audioStreams[0]?.codec).toBe('amr_nb');
    expect(probe.durationSeconds).toBeCloseTo(5, 0);
    const out = join(dir, 'note.wav');
    await extractSpeechAudio(file, out);
    const layout = await readWavLayout(out);
    expect(layout.sampleRate).toBe(16_000);
    expect(layout.dataBytes / 32_000).toBeCloseTo(5, 0);
  });
});

describe('bad media', () => {
  it('refuses a zero-length file as empty_media', async () => {
    const file = join(dir, 'empty.m4a');
    await writeFile(file, '');
    await expect(probeMedia(file)).rejects.toMatchObject({ code: 'empty_media', name: 'MediaError' });
  });

  it('refuses a text file as unreadable or without audio, naming the file', async () => {
    const file = join(dir, 'notes.mp3');
    await writeFile(file, 'Suspect interview notes, typed up. Not audio.\n'.repeat(20));
    const error = await probeMedia(file).catch((e: unknown) => e);
    expect(MediaError.isInstance(error)).toBe(true);
    expect((error as MediaError).message).toContain(file);
    expect(['unreadable_media', 'no_audio_stream']).toContain((error as MediaError).code);
  });

  it('refuses a truncated (corrupt) mp4', async () => {
    const file = join(dir, 'cut.mp4');
    await copyFile(join(dir, 'interview.mp4'), file);
    await truncate(file, 2000);
    await expect(probeMedia(file)).rejects.toMatchObject({ code: 'unreadable_media' });
  });

  it('refuses a missing file', async () => {
    await expect(probeMedia(join(dir, 'nope.wav'))).rejects.toMatchObject({ code: 'media_not_found' });
  });

  it('names the apt command when ffprobe is not installed', async () => {
    const tools = resolveMediaTools({ ffprobe: join(dir, 'no-such-ffprobe') });
    const error = await probeMedia(speech.path, { tools }).catch((e: unknown) => e);
    expect(MediaToolNotFoundError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('apt-get install -y ffmpeg');
  });
});

describe('chunking', () => {
  it('cuts at silences into chunks within the limit and slices the WAV sample-exactly', async () => {
    const silences = await detectSilences(speech.path, { durationSeconds: speech.durationSeconds });
    const chunks = planChunks(speech.durationSeconds, silences, { maxSeconds: 6 });
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks[0]!.start).toBe(0);
    expect(chunks.at(-1)!.end).toBeCloseTo(speech.durationSeconds, 6);
    for (const [i, chunk] of chunks.entries()) {
      expect(chunk.end - chunk.start).toBeLessThanOrEqual(6);
      if (i > 0) expect(chunk.start).toBe(chunks[i - 1]!.end);
    }
    // Every cut but the last lies inside a detected silence: no word is cut.
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.endsAtSilence).toBe(true);
      expect(silences.some((s) => s.start <= chunk.end && chunk.end <= s.end)).toBe(true);
    }
    const layout = await readWavLayout(speech.path);
    const out = join(dir, 'chunk0.wav');
    const bytes = await sliceWav(speech.path, layout, chunks[0]!.start, chunks[0]!.end, out);
    const sliced = await readWavLayout(out);
    expect(sliced.dataBytes).toBe(bytes - 44);
    expect(sliced.dataBytes).toBe(Math.round(chunks[0]!.end * 16_000) * 2);
  });
});
