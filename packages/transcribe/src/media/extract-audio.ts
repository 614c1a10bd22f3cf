import { MediaError } from '../errors/media-error';
import { type MediaTools, resolveMediaTools } from './media-tools';
import { lastLine, runProgram } from './run-program';

/** The audio format every engine gets: what PocketSphinx requires and cloud providers accept. */
export const SPEECH_SAMPLE_RATE = 16_000;
/** Bytes per second of 16 kHz mono signed 16-bit PCM. */
export const SPEECH_BYTES_PER_SECOND = SPEECH_SAMPLE_RATE * 2;

/**
 * Extracts the first audio stream of `input` (any container ffmpeg reads: mp4, mov, mkv, avi, wav,
 * mp3, m4a, ogg/opus, amr…) as a 16 kHz mono signed 16-bit WAV at `output`, mixing channels down.
 * Throws {@link MediaError} `unreadable_media` with ffmpeg's reason when it cannot be decoded.
 */
export async function extractSpeechAudio(
  input: string,
  output: string,
  options: { tools?: MediaTools; signal?: AbortSignal; audioStream?: number } = {},
): Promise<void> {
  const tools = options.tools ?? resolveMediaTools();
  const result = await runProgram(
    tools.ffmpeg,
    [
      '-hide_banner',
      '-nostdin',
      '-y',
      '-v',
      'error',
      '-i',
      input,
      '-map',
      `0:a:${options.audioStream ?? 0}`,
      '-vn',
      '-ac',
      '1',
      '-ar',
      String(SPEECH_SAMPLE_RATE),
      '-c:a',
      'pcm_s16le',
      '-f',
      'wav',
      output,
    ],
    options.signal,
  );
  if (result.exitCode !== 0) {
    throw new MediaError({
      code: 'unreadable_media',
      file: input,
      message: `ffmpeg could not decode the audio (${lastLine(result.stderr) || `exit code ${result.exitCode}`}). The file may be corrupt or truncated.`,
    });
  }
}
