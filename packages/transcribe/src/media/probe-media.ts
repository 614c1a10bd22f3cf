import { stat } from 'node:fs/promises';
import { secureJsonParse } from '@toex/core';
import { z } from 'zod';
import { MediaError } from '../errors/media-error';
import { type MediaTools, resolveMediaTools } from './media-tools';
import { lastLine, runProgram } from './run-program';

/** One stream of a media file, as ffprobe reports it. */
export interface MediaStream {
  /** Stream index in the container. */
  index: number;
  /** `audio`, `video`, `subtitle`, `data`, … */
  type: string;
  /** Codec name, e.g. `aac`, `h264`, `opus`, `amr_nb`. */
  codec?: string;
  /** Sample rate in Hz (audio). */
  sampleRate?: number;
  /** Channel count (audio). */
  channels?: number;
}

/** What {@link probeMedia} found out about a file. */
export interface MediaProbe {
  /** The file as given. */
  path: string;
  /** Size in bytes. */
  bytes: number;
  /** Container format(s) as ffprobe names them, e.g. `mov,mp4,m4a,3gp,3g2,mj2`, `wav`, `ogg`. */
  format: string;
  /** Duration in seconds. */
  durationSeconds: number;
  streams: MediaStream[];
  /** The audio streams only, in container order; the first is the one transcribed. */
  audioStreams: MediaStream[];
  /** True when the file has a picture (a video stream that is not just cover art). */
  hasVideo: boolean;
}

const probeSchema = z.object({
  streams: z
    .array(
      z.object({
        index: z.number(),
        codec_type: z.string().optional(),
        codec_name: z.string().optional(),
        sample_rate: z.string().optional(),
        channels: z.number().optional(),
        duration: z.string().optional(),
        disposition: z.object({ attached_pic: z.number().optional() }).partial().optional(),
      }),
    )
    .default([]),
  format: z.object({ format_name: z.string().optional(), duration: z.string().optional() }).optional(),
});

/**
 * Probes `path` with ffprobe: container, duration and streams. Sends nothing anywhere.
 *
 * Throws {@link MediaError}: `media_not_found`, `empty_media` (zero bytes), `unreadable_media` (not
 * media, or corrupt: ffprobe's own reason is in the message) or `no_audio_stream`.
 */
export async function probeMedia(
  path: string,
  options: { tools?: MediaTools; signal?: AbortSignal } = {},
): Promise<MediaProbe> {
  const tools = options.tools ?? resolveMediaTools();
  let bytes: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a regular file');
    bytes = info.size;
  } catch (error) {
    throw new MediaError({
      code: 'media_not_found',
      file: path,
      message: 'no such media file (or it is not a regular file). Check the path.',
      cause: error,
    });
  }
  if (bytes === 0) {
    throw new MediaError({
      code: 'empty_media',
      file: path,
      message: 'the file is empty (0 bytes), so there is nothing to transcribe. Check the export or copy.',
    });
  }
  const result = await runProgram(
    tools.ffprobe,
    [
      '-v',
      'error',
      '-show_entries',
      'format=format_name,duration:stream=index,codec_type,codec_name,sample_rate,channels,duration:stream_disposition=attached_pic',
      '-of',
      'json',
      path,
    ],
    options.signal,
  );
  const parsed = result.exitCode === 0 ? safeParse(result.stdout) : undefined;
  if (parsed === undefined) {
    const reason = lastLine(result.stderr).replace(`${path}: `, '') || 'ffprobe could not read it';
    throw new MediaError({
      code: 'unreadable_media',
      file: path,
      message: `not readable as audio or video (${reason}). It may be corrupt, truncated or not media at all.`,
    });
  }
  const streams: MediaStream[] = parsed.streams.map((stream) => ({
    index: stream.index,
    type: stream.codec_type ?? 'unknown',
    ...(stream.codec_name === undefined ? {} : { codec: stream.codec_name }),
    ...(stream.sample_rate === undefined ? {} : { sampleRate: Number(stream.sample_rate) }),
    ...(stream.channels === undefined ? {} : { channels: stream.channels }),
  }));
  const audioStreams = streams.filter((stream) => stream.type === 'audio');
  if (audioStreams.length === 0) {
    throw new MediaError({
      code: 'no_audio_stream',
      file: path,
      message: `has no audio stream (ffprobe found ${streams.length === 0 ? 'no streams' : streams.map((s) => s.type).join(', ')}), so there is nothing to transcribe.`,
    });
  }
  const durations = [parsed.format?.duration, ...parsed.streams.map((s) => s.duration)]
    .map((value) => (value === undefined ? Number.NaN : Number(value)))
    .filter((value) => Number.isFinite(value) && value > 0);
  const durationSeconds = durations[0];
  if (durationSeconds === undefined) {
    throw new MediaError({
      code: 'unreadable_media',
      file: path,
      message: 'ffprobe found audio but no duration; the file is probably truncated or corrupt.',
    });
  }
  return {
    path,
    bytes,
    format: parsed.format?.format_name ?? 'unknown',
    durationSeconds,
    streams,
    audioStreams,
    hasVideo: parsed.streams.some((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1),
  };
}

function safeParse(text: string): z.output<typeof probeSchema> | undefined {
  try {
    const result = probeSchema.safeParse(secureJsonParse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
