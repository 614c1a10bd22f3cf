import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readWavLayout, wavHeader } from '../media/wav-file';

const run = promisify(execFile);

/** The five sentences of local-engines.md's word-error-rate measurement (45 words). */
export const REFERENCE_SENTENCES = [
  'the weather is cold and windy today',
  'please send the report to my office before noon',
  'i would like to book a table for two people',
  'the train to london leaves at seven in the morning',
  'can you call me back when you get home',
] as const;

/**
 * Speaks `sentences` with flite (16 kHz mono 16-bit already) and joins them with `gapSeconds` of
 * digital silence, into `<dir>/<name>.wav`. Returns the path and where each sentence starts.
 */
export async function makeSpeech(
  dir: string,
  sentences: readonly string[],
  options: { name?: string; gapSeconds?: number; voice?: string; leadSeconds?: number } = {},
): Promise<{ path: string; starts: number[]; durationSeconds: number }> {
  const gap = Buffer.alloc(Math.round((options.gapSeconds ?? 1) * 16_000) * 2);
  const lead = Buffer.alloc(Math.round((options.leadSeconds ?? 0) * 16_000) * 2);
  const parts: Buffer[] = [lead];
  const starts: number[] = [];
  let bytes = lead.length;
  for (const [index, sentence] of sentences.entries()) {
    const file = join(dir, `${options.name ?? 'speech'}-${index}.flite.wav`);
    await run('flite', ['-voice', options.voice ?? 'rms', '-t', sentence, '-o', file]);
    const layout = await readWavLayout(file);
    if (layout.sampleRate !== 16_000 || layout.channels !== 1) throw new Error(`flite wrote ${layout.sampleRate} Hz`);
    const data = (await readFile(file)).subarray(layout.dataOffset, layout.dataOffset + layout.dataBytes);
    if (index > 0) {
      parts.push(gap);
      bytes += gap.length;
    }
    starts.push(bytes / 32_000);
    parts.push(data);
    bytes += data.length;
  }
  const path = join(dir, `${options.name ?? 'speech'}.wav`);
  await writeFile(path, Buffer.concat([wavHeader({ sampleRate: 16_000, channels: 1, bitsPerSample: 16, dataBytes: bytes }), ...parts]));
  return { path, starts, durationSeconds: bytes / 32_000 };
}

/** Encodes `wav` with ffmpeg into `target` using `args` (codec flags), for other containers and codecs. */
export async function encode(wav: string, target: string, args: readonly string[]): Promise<string> {
  await run('ffmpeg', ['-hide_banner', '-v', 'error', '-y', '-i', wav, ...args, target]);
  return target;
}

/** A video with a test picture and `wav` as its sound track (h264 + AAC in `target`'s container). */
export async function makeVideo(wav: string, target: string): Promise<string> {
  await run('ffmpeg', [
    '-hide_banner',
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=320x240:rate=15',
    '-i',
    wav,
    '-map',
    '0:v',
    '-map',
    '1:a',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '64k',
    '-shortest',
    target,
  ]);
  return target;
}
