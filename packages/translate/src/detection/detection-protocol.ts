/** A batch of texts sent to the detection worker. */
export interface DetectionRequest {
  id: number;
  texts: readonly string[];
}

/**
 * The worker's answer, as flat arrays so it crosses threads cheaply: `languages[i]` is the guess for
 * `texts[i]` (`''` when the detector has none) and `reliable[i]` is 1 when the guess can be acted on.
 */
export type DetectionResponse =
  | { id: number; languages: string[]; reliable: Uint8Array }
  | { id: number; error: string };
