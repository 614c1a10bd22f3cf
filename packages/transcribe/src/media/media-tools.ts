import type { ProgramSpec } from './run-program';

/** Where the ffmpeg tools are. Each defaults to its environment variable, then the name on `PATH`. */
export interface MediaToolsOptions {
  /** ffmpeg path; default `TOEX_FFMPEG`, `FFMPEG_PATH`, then `ffmpeg`. */
  ffmpeg?: string;
  /** ffprobe path; default `TOEX_FFPROBE`, `FFPROBE_PATH`, then `ffprobe`. */
  ffprobe?: string;
}

/** The resolved ffmpeg and ffprobe programs. */
export interface MediaTools {
  ffmpeg: ProgramSpec;
  ffprobe: ProgramSpec;
}

/**
 * Resolves the ffmpeg tools: explicit option, then environment, then `PATH`. Nothing is run here; a
 * missing program is reported when first used, naming `apt-get install -y ffmpeg`.
 */
export function resolveMediaTools(
  options: MediaToolsOptions = {},
  env: Record<string, string | undefined> = process.env,
): MediaTools {
  return {
    ffmpeg: {
      path: options.ffmpeg ?? env.TOEX_FFMPEG ?? env.FFMPEG_PATH ?? 'ffmpeg',
      debianPackage: 'ffmpeg',
      setting: 'TOEX_FFMPEG',
    },
    ffprobe: {
      path: options.ffprobe ?? env.TOEX_FFPROBE ?? env.FFPROBE_PATH ?? 'ffprobe',
      debianPackage: 'ffmpeg',
      setting: 'TOEX_FFPROBE',
    },
  };
}
