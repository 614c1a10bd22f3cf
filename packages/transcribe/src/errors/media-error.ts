import { hasMarker, InputError } from '@toex/core';

const marker = 'toex.error.media';
const symbol = Symbol.for(marker);

/** Why a media file was refused. */
export type MediaErrorCode = 'empty_media' | 'unreadable_media' | 'no_audio_stream' | 'media_not_found';

/**
 * A media file cannot be used: it is empty, not media at all, corrupt, or has no audio. Never
 * retryable; the message names the file and what ffmpeg said. An `InputError`, so the CLI exits 2.
 */
export class MediaError extends InputError {
  private readonly [symbol] = true;

  constructor(options: { code: MediaErrorCode; file: string; message: string; cause?: unknown }) {
    super(options);
    this.name = 'MediaError';
  }

  static override isInstance(error: unknown): error is MediaError {
    return hasMarker(error, marker);
  }
}
