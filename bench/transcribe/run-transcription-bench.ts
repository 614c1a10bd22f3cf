import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createPocketSphinxTranscriber, transcribeFiles, wordErrorRate } from '@toex/transcribe';
import { benchDataDirectory, scratchDirectory } from '../paths';
import { formatNumber, renderTable } from '../report/table';
import { createStandInTranscriber } from './stand-in-transcriber';

const run = promisify(execFile);

/** The five flite sentences of local-engines.md. */
const SENTENCES = [
  'the weather is cold and windy today',
  'please send the report to my office before noon',
  'i would like to book a table for two people',
  'the train to london leaves at seven in the morning',
  'can you call me back when you get home',
];

/** Figures of the transcription benchmarks. */
export interface TranscriptionBenchResult {
  recordingSeconds: number;
  factor: number;
  chunkSeconds: number;
  concurrency: number;
  chunks: number;
  sequentialSeconds: number;
  concurrentSeconds: number;
  sphinxAudioSeconds: number;
  sphinxDecodeSeconds: number;
  sphinxJobSeconds: number;
  sphinxWer: number;
}

/**
 * 1. A 60-minute recording (AAC, speech-like bursts with pauses) through a stand-in that takes `factor`
 *    × real time per chunk: the job with `concurrency` chunks in flight, against the same job with one.
 *    `--quick` shrinks the stand-in's time 5× (factor 0.02): the ratio is what is measured.
 * 2. PocketSphinx's real-time factor on flite speech: one decoder on the whole file, then the job
 *    (chunked, one decoder per core).
 */
export async function runTranscriptionBench(options: {
  quick: boolean;
  log: (line: string) => void;
}): Promise<TranscriptionBenchResult> {
  const dir = join(benchDataDirectory, 'transcribe');
  await mkdir(dir, { recursive: true });
  const recording = join(dir, 'interview-60min.m4a');
  const recordingSeconds = 3600;
  if (!(await exists(recording))) {
    options.log('generating a 60-minute recording with ffmpeg…');
    await run('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `aevalsrc='if(lt(mod(t,10),8),0.4*sin(2*PI*300*t)*sin(2*PI*3*t),0)':d=${recordingSeconds}:s=16000`,
      '-c:a',
      'aac',
      '-b:a',
      '32k',
      recording,
    ]);
  }
  const factor = options.quick ? 0.02 : 0.1;
  const chunkSeconds = 300;
  // Every 5-minute chunk of the hour in flight at once, as a cloud provider allows (Deepgram: 100, Azure fast: 300 a minute).
  const concurrency = 12;
  const timeJob = async (jobConcurrency: number) => {
    const provider = createStandInTranscriber(factor, chunkSeconds);
    const out = join(scratchDirectory, `transcribe-${jobConcurrency}`);
    const started = performance.now();
    const result = await transcribeFiles({
      inputs: [recording],
      provider,
      outputDir: out,
      concurrency: jobConcurrency,
      formats: ['json'],
    });
    const seconds = (performance.now() - started) / 1000;
    await rm(out, { recursive: true, force: true });
    return { seconds, chunks: result.files[0]!.chunks };
  };
  options.log(`60-minute recording, stand-in at ${factor}× real time: sequential…`);
  const sequential = await timeJob(1);
  options.log(`…sequential took ${formatNumber(sequential.seconds, 1)} s; ${concurrency} concurrent…`);
  const concurrent = await timeJob(concurrency);
  options.log(`…concurrent took ${formatNumber(concurrent.seconds, 1)} s`);

  // PocketSphinx: ~60 s of flite speech (the five sentences, four voices), decoded for real.
  const speech = join(dir, 'flite-speech.wav');
  if (!(await exists(speech))) await makeFliteSpeech(dir, speech);
  const audioSeconds = ((await stat(speech)).size - 44) / 32_000;
  const sphinx = createPocketSphinxTranscriber({ maxConcurrency: 1 });
  options.log(`PocketSphinx on ${formatNumber(audioSeconds, 1)} s of flite speech…`);
  let started = performance.now();
  const response = await sphinx.transcribe({
    audio: {
      path: speech,
      bytes: (await stat(speech)).size,
      durationSeconds: audioSeconds,
      mediaType: 'audio/wav',
    },
  });
  const decodeSeconds = (performance.now() - started) / 1000;
  const reference = Array.from({ length: 4 }, () => SENTENCES.join(' ')).join(' ');
  const wer = wordErrorRate(reference, response.segments.map((s) => s.text).join(' ')).rate;
  started = performance.now();
  const out = join(scratchDirectory, 'transcribe-sphinx');
  await transcribeFiles({
    inputs: [speech],
    provider: createPocketSphinxTranscriber({ chunkSeconds: 20 }),
    outputDir: out,
    formats: ['json'],
  });
  const jobSeconds = (performance.now() - started) / 1000;
  await rm(out, { recursive: true, force: true });
  return {
    recordingSeconds,
    factor,
    chunkSeconds,
    concurrency,
    chunks: concurrent.chunks,
    sequentialSeconds: sequential.seconds,
    concurrentSeconds: concurrent.seconds,
    sphinxAudioSeconds: audioSeconds,
    sphinxDecodeSeconds: decodeSeconds,
    sphinxJobSeconds: jobSeconds,
    sphinxWer: wer,
  };
}

/** The benchmark tables, Markdown. */
export function printTranscriptionBench(result: TranscriptionBenchResult): string {
  const ratio = result.concurrentSeconds / result.sequentialSeconds;
  return [
    renderTable(
      `Transcription: 60-minute recording, stand-in at ${result.factor}× real time per chunk, ${result.chunks} chunks of ≤ ${result.chunkSeconds} s`,
      ['run', 'wall time', 'vs sequential', 'target'],
      [
        ['sequential (1 chunk in flight)', `${formatNumber(result.sequentialSeconds, 1)} s`, '1.00×', ''],
        [
          `chunked, ${result.concurrency} in flight`,
          `${formatNumber(result.concurrentSeconds, 1)} s`,
          `${formatNumber(ratio, 2)}×`,
          `≤ 0.25× ${ratio <= 0.25 ? '✓' : '✗'}`,
        ],
      ],
    ),
    renderTable(
      'PocketSphinx 0.8 (Debian 12), flite speech',
      ['run', 'audio', 'wall time', 'real-time factor', 'WER'],
      [
        [
          'one decoder, whole file',
          `${formatNumber(result.sphinxAudioSeconds, 1)} s`,
          `${formatNumber(result.sphinxDecodeSeconds, 1)} s`,
          formatNumber(result.sphinxDecodeSeconds / result.sphinxAudioSeconds, 2),
          `${formatNumber(result.sphinxWer * 100, 1)}%`,
        ],
        [
          'job: extract, 20 s chunks, one decoder per core',
          `${formatNumber(result.sphinxAudioSeconds, 1)} s`,
          `${formatNumber(result.sphinxJobSeconds, 1)} s`,
          formatNumber(result.sphinxJobSeconds / result.sphinxAudioSeconds, 2),
          '',
        ],
      ],
    ),
  ].join('\n');
}

async function makeFliteSpeech(dir: string, target: string): Promise<void> {
  const parts: Buffer[] = [];
  const gap = Buffer.alloc(32_000);
  for (const voice of ['rms', 'slt', 'kal16', 'awb']) {
    for (const [index, sentence] of SENTENCES.entries()) {
      const file = join(dir, `${voice}-${index}.wav`);
      await run('flite', ['-voice', voice, '-t', sentence, '-o', file]);
      // flite writes a canonical 44-byte header, 16 kHz mono 16-bit.
      parts.push((await readFile(file)).subarray(44), gap);
      await rm(file);
    }
  }
  const data = Buffer.concat(parts);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16_000, 24);
  header.writeUInt32LE(32_000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  await writeFile(target, Buffer.concat([header, data]));
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
