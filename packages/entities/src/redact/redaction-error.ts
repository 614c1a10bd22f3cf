import { hasMarker, ToexError } from '@toex/core';

const marker = 'toex.error.entities.redaction';
const symbol = Symbol.for(marker);

/**
 * A text cannot be redacted safely: a finding's offsets do not slice back to its text (code
 * `offset_mismatch`), or the pseudonym mapping is unusable (code `mapping`). Never retryable: redacting
 * anyway could leave an identifier in a disclosed copy or damage the text around it.
 */
export class RedactionError extends ToexError {
  private readonly [symbol] = true;

  constructor(options: { code: string; message: string; cause?: unknown }) {
    super({ ...options, retryable: false });
    this.name = 'RedactionError';
  }

  static override isInstance(error: unknown): error is RedactionError {
    return hasMarker(error, marker);
  }
}
