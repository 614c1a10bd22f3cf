import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSpeech, REFERENCE_SENTENCES } from '../__fixtures__/make-speech';
import { createScriptedTranscriber } from '../__fixtures__/scripted-transcriber';
import { transcribeFiles } from './transcribe-files';

let dir: string;
let speech: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toex-kill-'));
  speech = (await makeSpeech(dir, REFERENCE_SENTENCES, { gapSeconds: 1.5 })).path;
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the worker and `kill -9`s it once `finishedChunks` chunks are stored. Resolves with its requests. */
function runAndKill(cache: string, finishedChunks: number): Promise<number> {
  const worker = fileURLToPath(new URL('../__fixtures__/transcribe-worker.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', worker, speech, cache, join(dir, 'out-killed')], {
    cwd: fileURLToPath(new URL('../../../..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let calls = 0;
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      for (const line of text.split('\n')) {
        if (line.startsWith('call ')) calls = Number(line.slice(5));
        if (line === `done ${finishedChunks}`) child.kill('SIGKILL');
      }
    });
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(calls) : reject(new Error(`worker was not killed: ${errors}`)),
    );
  });
}

describe('a multi-chunk job killed with SIGKILL', () => {
  it('resumes without sending the chunks it had finished', async () => {
    const cache = join(dir, 'cache');
    const sentBeforeKill = await runAndKill(cache, 2);
    expect(sentBeforeKill).toBeGreaterThanOrEqual(2);
    const provider = createScriptedTranscriber();
    const result = await transcribeFiles({ inputs: [speech], provider, outputDir: join(dir, 'out'), cache });
    const file = result.files[0]!;
    expect(file.chunks).toBeGreaterThanOrEqual(4);
    // At least the two finished before the kill (a third may have been stored in the instant before it landed).
    expect(file.cachedChunks).toBeGreaterThanOrEqual(2);
    expect(file.cachedChunks).toBeLessThanOrEqual(sentBeforeKill);
    expect(provider.calls).toHaveLength(file.chunks - file.cachedChunks);
    expect(result.failedChunks).toBe(0);
    expect(file.manifest.counts).toMatchObject({ cachedChunks: file.cachedChunks, chunks: file.chunks });
  }, 90_000);
});
