import { MediaError } from '../errors/media-error';
import { type MediaTools, resolveMediaTools } from './media-tools';
import { lastLine, runProgram } from './run-program';

/** A stretch of silence, in seconds from the start of the audio. */
export interface Silence {
  start: number;
  end: number;
}

/** Options of {@link detectSilences}. */
export interface SilenceDetectionOptions {
  /** Level below which audio counts as silence, in dB. Default -35 (speech over room noise). */
  noiseDb?: number;
  /** Shortest silence worth cutting at, in seconds. Default 0.5. */
  minSilenceSeconds?: number;
  tools?: MediaTools;
  signal?: AbortSignal;
}

/**
 * Finds the silences of an audio file with ffmpeg's `silencedetect` filter. A silence still open at
 * the end of the file ends at `durationSeconds` when given.
 */
export async function detectSilences(
  path: string,
  options: SilenceDetectionOptions & { durationSeconds?: number } = {},
): Promise<Silence[]> {
  const tools = options.tools ?? resolveMediaTools();
  const filter = `silencedetect=noise=${options.noiseDb ?? -35}dB:d=${options.minSilenceSeconds ?? 0.5}`;
  const result = await runProgram(
    tools.ffmpeg,
    ['-hide_banner', '-nostdin', '-nostats', '-i', path, '-af', filter, '-f', 'null', '-'],
    options.signal,
  );
  if (result.exitCode !== 0) {
    throw new MediaError({
      code: 'unreadable_media',
      file: path,
      message: `ffmpeg could not scan the audio for silences (${lastLine(result.stderr)}).`,
    });
  }
  return parseSilenceLog(result.stderr, options.durationSeconds);
}

/** Reads `silence_start:` / `silence_end:` lines of ffmpeg's log (it writes them to stderr). */
export function parseSilenceLog(log: string, durationSeconds?: number): Silence[] {
  const silences: Silence[] = [];
  let open: number | undefined;
  for (const match of log.matchAll(/silence_(start|end): (-?[\d.]+)/g)) {
    const value = Math.max(0, Number(match[2]));
    if (match[1] === 'start') open = value;
    else if (open !== undefined) {
      silences.push({ start: open, end: value });
      open = undefined;
    }
  }
  if (open !== undefined && durationSeconds !== undefined && durationSeconds > open) {
    silences.push({ start: open, end: durationSeconds });
  }
  return silences;
}
