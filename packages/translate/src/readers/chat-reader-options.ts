import type { ReaderWarning } from './source-row';

/** Options every chat reader takes. */
export interface ChatReaderOptions {
  /** Names the input in messages when `source` is not a path. */
  file?: string;
  /** Character encoding instead of detecting it: any `TextDecoder` label. */
  encoding?: string;
  /** Longest line accepted, in characters (WhatsApp). Bounds memory. Defaults to 1,000,000. */
  maxLineCharacters?: number;
  /** Told about what was repaired or doubtful (invalid JSON escapes, contradictory dates). */
  onWarning?: (warning: ReaderWarning) => void;
}
