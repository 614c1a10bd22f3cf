import { ConfigurationError, hasMarker } from '@toex/core';

const marker = 'toex.error.media_tool_not_found';
const symbol = Symbol.for(marker);

/**
 * A program toex runs (ffmpeg, ffprobe, pocketsphinx_continuous) is not installed or not where the
 * settings say. The message names the Debian package and the command that installs it.
 */
export class MediaToolNotFoundError extends ConfigurationError {
  private readonly [symbol] = true;
  /** The program as toex tried to run it. */
  readonly program: string;
  /** The Debian package that provides it. */
  readonly debianPackage: string;

  constructor(options: { program: string; debianPackage: string; setting: string; cause?: unknown }) {
    super({
      code: 'media_tool_not_found',
      setting: options.setting,
      message:
        `${options.program} was not found. Install it with \`apt-get install -y ${options.debianPackage}\` ` +
        `(or run scripts/transcribe/ensure-engines.sh), or set ${options.setting} to its path.`,
      cause: options.cause,
    });
    this.name = 'MediaToolNotFoundError';
    this.program = options.program;
    this.debianPackage = options.debianPackage;
  }

  static override isInstance(error: unknown): error is MediaToolNotFoundError {
    return hasMarker(error, marker);
  }
}
