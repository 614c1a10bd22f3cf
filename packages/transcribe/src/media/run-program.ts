import { spawn } from 'node:child_process';
import { ToexAbortError } from '@toex/core';
import { MediaToolNotFoundError } from '../errors/media-tool-not-found-error';

/** A local program toex runs, and how to tell the user to install it. */
export interface ProgramSpec {
  /** Path or name looked up on `PATH`. */
  path: string;
  /** Debian package providing it, named in the error when it is missing. */
  debianPackage: string;
  /** The option or environment variable that sets the path. */
  setting: string;
}

/** What a finished program left behind. */
export interface ProgramResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

// Enough for ffprobe JSON and a long silencedetect log; beyond it only the tail is kept, which is where
// a failing program says why.
const MAX_CAPTURE = 16 * 1024 * 1024;

/**
 * Runs `program` with `args` (no shell, so no quoting issues with evidential file names) and resolves
 * with its exit code and output, whatever the code. Throws {@link MediaToolNotFoundError} when it is not
 * installed and `ToexAbortError` when `signal` aborts (the process is killed).
 */
export function runProgram(
  program: ProgramSpec,
  args: readonly string[],
  signal?: AbortSignal,
): Promise<ProgramResult> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ToexAbortError());
      return;
    }
    const child = spawn(program.path, args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout = (stdout + chunk).slice(-MAX_CAPTURE);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-MAX_CAPTURE);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (signal?.aborted) reject(new ToexAbortError());
      else if (error.code === 'ENOENT' || error.code === 'EACCES')
        reject(new MediaToolNotFoundError({ ...program, program: program.path, cause: error }));
      else reject(error);
    });
    child.on('close', (code) => {
      if (signal?.aborted) reject(new ToexAbortError());
      else resolve({ exitCode: code ?? 1, stdout, stderr });
    });
  });
}

/** The last non-empty line of a program's stderr: where ffmpeg says what went wrong. */
export function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  return lines.at(-1)?.trim() ?? '';
}
