import { z } from 'zod';

const seconds = z.number().finite().nonnegative();

/** A recognised word with its timing, when the engine gives word timings. */
export const transcriptWordSchema = z.object({
  text: z.string(),
  start: seconds,
  end: seconds,
  /** 0–1, as the engine reports it. */
  confidence: z.number().min(0).max(1).optional(),
});

/** A stretch of the recording that could not be transcribed; shown in every output format. */
export const transcriptGapSchema = z.object({
  /** The error code of the last attempt, e.g. `http_500`, `pocketsphinx_failed`. */
  code: z.string(),
  /** Why, in words. */
  message: z.string(),
});

/** One timed line of a transcript. Times are seconds from the start of the recording. */
export const transcriptSegmentSchema = z.object({
  start: seconds,
  end: seconds,
  text: z.string(),
  /** Speaker label as the provider gives it (`0`, `A`, `Speaker 1`); absent without diarization. */
  speaker: z.string().optional(),
  /** 0–1, when the engine reports one. */
  confidence: z.number().min(0).max(1).optional(),
  words: z.array(transcriptWordSchema).optional(),
  /** Present when this segment is a hole: this part of the recording was not transcribed. */
  gap: transcriptGapSchema.optional(),
});

/** Something about a transcription worth telling the user that did not stop it. */
export const transcriptWarningSchema = z.object({ code: z.string(), message: z.string() });

/** The zod schema of {@link Transcript}. */
export const transcriptSchema = z.object({
  /** BCP 47 language of the speech (`en-US`, `es`), or `und` when neither given nor detected. */
  language: z.string(),
  durationSeconds: seconds,
  /** In time order; gaps included, marked. */
  segments: z.array(transcriptSegmentSchema),
  warnings: z.array(transcriptWarningSchema),
  /** Provider, model, API version, chunking: what produced this transcript. */
  metadata: z.record(z.string(), z.unknown()),
});

/** A word of a {@link TranscriptSegment}. */
export type TranscriptWord = z.infer<typeof transcriptWordSchema>;
/** Why a {@link TranscriptSegment} is a gap. */
export type TranscriptGap = z.infer<typeof transcriptGapSchema>;
/** One timed line of a {@link Transcript}. */
export type TranscriptSegment = z.infer<typeof transcriptSegmentSchema>;
/** A warning carried by a {@link Transcript}. */
export type TranscriptWarning = z.infer<typeof transcriptWarningSchema>;

/**
 * A timed transcript of one recording: `{language, durationSeconds, segments, warnings, metadata}`.
 * Every segment has `start`/`end` in seconds from the start of the recording; `speaker`, `confidence`
 * and `words` when the provider gives them; `gap` when that stretch could not be transcribed.
 */
export type Transcript = z.infer<typeof transcriptSchema>;

/** The words of a transcript's text, without gaps: what a word error rate is computed on. */
export function transcriptText(transcript: Transcript): string {
  return transcript.segments
    .filter((segment) => segment.gap === undefined)
    .map((segment) => segment.text)
    .join(' ');
}
