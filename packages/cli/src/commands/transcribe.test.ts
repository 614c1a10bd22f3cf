import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readManifest } from '@toex/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, ExitCode } from '../io';
import { runCli } from '../main';

const run = promisify(execFile);

function bufferedIo(cwd: string): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (chunk: string) => (out += chunk) },
    stderr: { write: (chunk: string) => (err += chunk) },
    env: { PATH: process.env.PATH },
    cwd,
    out: () => out,
    err: () => err,
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toex-cli-transcribe-'));
  // A voice note as phones record them: flite speech, Opus in Ogg.
  await run('flite', [
    '-voice',
    'rms',
    '-t',
    'please send the report to my office before noon',
    '-o',
    join(dir, 'raw.wav'),
  ]);
  await run('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-i',
    join(dir, 'raw.wav'),
    '-c:a',
    'libopus',
    '-b:a',
    '24k',
    join(dir, 'voice-note.ogg'),
  ]);
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('toex transcribe', () => {
  it('transcribes a recording offline by default and writes every format and the manifest', async () => {
    const io = bufferedIo(dir);
    const code = await runCli(['transcribe', 'voice-note.ogg', '--out', 'out', '--language', 'en'], io);
    expect(io.err()).toContain('Machine transcription');
    expect(code).toBe(ExitCode.ok);
    const text = await readFile(join(dir, 'out', 'voice-note.txt'), 'utf8');
    expect(text).toContain('Machine-generated transcript');
    // Keywords, as local-engines.md recommends: a single sentence's exact wording varies with the decoder's start-up.
    expect(text, text).toMatch(/my office before noon/);
    for (const ext of ['json', 'srt', 'vtt']) await readFile(join(dir, 'out', `voice-note.${ext}`), 'utf8');
    const manifest = await readManifest(join(dir, 'out', 'voice-note.manifest.json'));
    expect(manifest).toMatchObject({
      kind: 'transcription',
      provider: { id: 'pocketsphinx' },
      counts: { failedChunks: 0 },
    });
    expect(manifest.job.command).toContain('toex transcribe voice-note.ogg');
  }, 60_000);

  it('estimates from the probed duration, sending nothing and writing nothing', async () => {
    const io = bufferedIo(dir);
    const code = await runCli(['transcribe', 'voice-note.ogg', '--estimate', '--json', '--out', 'est'], io);
    expect(code).toBe(ExitCode.ok);
    const estimate = JSON.parse(io.out());
    expect(estimate).toMatchObject({ event: 'estimate', requests: 1, cost: { amount: '0' } });
    expect(estimate.durationSeconds).toBeGreaterThan(2);
    await expect(readFile(join(dir, 'est', 'voice-note.json'))).rejects.toThrow();
  });

  it.each([
    ['an empty file', 'empty.m4a', '', 'empty'],
    ['a text file', 'notes.mp3', 'typed interview notes, not audio\n'.repeat(10), 'voice'],
  ])('exits 2 with a clear message for %s', async (_what, name, content) => {
    await writeFile(join(dir, name), content);
    const io = bufferedIo(dir);
    const code = await runCli(['transcribe', name, '--out', 'bad'], io);
    expect(code).toBe(ExitCode.usage);
    expect(io.err()).toContain(name);
    expect(io.err()).toMatch(/empty|not readable|no audio/);
  });

  it('exits 2 for an unknown provider or format', async () => {
    expect(await runCli(['transcribe', 'voice-note.ogg', '--provider', 'nope'], bufferedIo(dir))).toBe(
      ExitCode.usage,
    );
    expect(await runCli(['transcribe', 'voice-note.ogg', '--format', 'docx'], bufferedIo(dir))).toBe(
      ExitCode.usage,
    );
  });
});

describe('toex transcribe --translate-to', () => {
  // Needs Apertium: the vitest global setup starts APY (scripts/apertium/ensure-apertium.sh installs it).
  it('writes translated files beside the originals, with the same timings, listed in the manifest', async () => {
    const io = bufferedIo(dir);
    io.env.APERTIUM_URL = process.env.APERTIUM_URL;
    const code = await runCli(
      [
        'transcribe',
        'voice-note.ogg',
        '--out',
        'out-es',
        '--language',
        'en',
        '--translate-to',
        'es',
        '--format',
        'json,srt',
      ],
      io,
    );
    expect(io.err()).not.toContain('toex:');
    expect(code).toBe(ExitCode.ok);
    const original = JSON.parse(await readFile(join(dir, 'out-es', 'voice-note.json'), 'utf8'));
    const translated = JSON.parse(await readFile(join(dir, 'out-es', 'voice-note.es.json'), 'utf8'));
    expect(translated.language).toBe('es');
    expect(translated.segments.map((s: { start: number }) => s.start)).toEqual(
      original.segments.map((s: { start: number }) => s.start),
    );
    expect(translated.segments.map((s: { text: string }) => s.text).join(' ')).toMatch(/oficina/);
    expect(translated.warnings.map((w: { code: string }) => w.code)).toContain('machine_translation');
    const manifest = await readManifest(join(dir, 'out-es', 'voice-note.manifest.json'));
    expect(manifest.additionalOutputs.map((f) => f.path)).toContain(join(dir, 'out-es', 'voice-note.es.srt'));
  }, 60_000);
});
