import type { Transcript } from '../transcript/transcript';
import { type Cue, MACHINE_TRANSCRIPT_LABEL, speakerLabel, toCues } from './cues';
import { formatTimecode } from './timecode';

/**
 * SubRip text: cues numbered from 1, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, in time order, within the media.
 * SRT has no comment syntax, so cue 1 is the machine-output label over the first second; speakers are
 * prefixed to the text (`Speaker 1: …`). CRLF-free UTF-8, ending in a blank line.
 */
export function formatSrt(transcript: Transcript): string {
  const durationMs = Math.max(1, Math.round(transcript.durationSeconds * 1000));
  const label: Cue = {
    startMs: 0,
    endMs: Math.min(1000, durationMs),
    text: `[${MACHINE_TRANSCRIPT_LABEL}]`,
    gap: false,
  };
  return [label, ...toCues(transcript)]
    .map(
      (cue, index) =>
        `${index + 1}\n${formatTimecode(cue.startMs / 1000, ',')} --> ${formatTimecode(cue.endMs / 1000, ',')}\n` +
        `${(cue.speaker === undefined ? '' : `${speakerLabel(cue.speaker)}: `) + cue.text.replace(/-{2,}>/g, '->')}\n`,
    )
    .join('\n');
}
