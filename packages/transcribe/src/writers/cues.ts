import { MACHINE_OUTPUT_NOTICE } from '@toex/core';
import type { Transcript, TranscriptSegment } from '../transcript/transcript';

/** A subtitle cue ready to print: times in whole milliseconds, within the media, end after start. */
export interface Cue {
  startMs: number;
  endMs: number;
  /** One line of text, no line breaks. */
  text: string;
  speaker?: string;
  /** True for a gap marker. */
  gap: boolean;
}

/** The label every transcript carries, in one line. */
export const MACHINE_TRANSCRIPT_LABEL = `Machine-generated transcript. ${MACHINE_OUTPUT_NOTICE.replace(/^Machine-generated output\. /, '')}`;

/** What a gap says in every format, so a reader cannot miss the hole. */
export function gapText(segment: TranscriptSegment): string {
  return `[NOT TRANSCRIBED ${formatSpan(segment.start, segment.end)}: ${segment.gap?.message ?? 'unknown reason'} (${segment.gap?.code ?? 'unknown'})]`;
}

function formatSpan(start: number, end: number): string {
  return `${start.toFixed(1)}–${end.toFixed(1)} s`;
}

/**
 * The segments of `transcript` as cues: sorted by start, text on one line, times rounded to
 * milliseconds and clamped into the media, each at least 1 ms long, so that SRT and WebVTT parsers
 * accept them. Empty non-gap segments are dropped (nothing to show).
 */
export function toCues(transcript: Transcript): Cue[] {
  const durationMs = Math.max(1, Math.round(transcript.durationSeconds * 1000));
  return [...transcript.segments]
    .filter((segment) => segment.gap !== undefined || segment.text.trim() !== '')
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((segment) => {
      const startMs = Math.min(Math.round(segment.start * 1000), durationMs - 1);
      const endMs = Math.min(Math.max(Math.round(segment.end * 1000), startMs + 1), durationMs);
      const text = segment.gap === undefined ? oneLine(segment.text) : gapText(segment);
      return {
        startMs,
        endMs,
        text,
        gap: segment.gap !== undefined,
        ...(segment.speaker === undefined || segment.gap !== undefined ? {} : { speaker: segment.speaker }),
      };
    });
}

/** Collapses line breaks and runs of spaces: a blank line would end a cue early. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `Speaker 1` from `1`, `Speaker A` from `A`; a label that is already a name is kept. */
export function speakerLabel(speaker: string): string {
  return /^[0-9A-Z]$|^\d+$/.test(speaker) ? `Speaker ${speaker}` : speaker;
}
