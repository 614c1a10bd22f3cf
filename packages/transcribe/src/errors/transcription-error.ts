import { hasMarker, ToexError } from '@toex/core';

const marker = 'toex.error.transcription';
const symbol = Symbol.for(marker);

/**
 * Base class of the errors `@toex/transcribe` raises for a transcription that went wrong after the
 * media was read: an engine that crashed, a provider job that failed, a chunk that could not be done.
 * Media problems are {@link MediaError} (an `InputError`, exit 2) and missing tools
 * `MediaToolNotFoundError` (a `ConfigurationError`), so the CLI maps them like any other input or
 * configuration error.
 */
export class TranscriptionError extends ToexError {
  private readonly [symbol] = true;

  constructor(options: { code: string; message: string; retryable?: boolean; cause?: unknown }) {
    super(options);
    this.name = 'TranscriptionError';
  }

  static override isInstance(error: unknown): error is TranscriptionError {
    return hasMarker(error, marker);
  }
}
