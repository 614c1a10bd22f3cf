import type { Transcript } from '../transcript/transcript';
import { MACHINE_TRANSCRIPT_LABEL, speakerLabel, toCues } from './cues';
import { formatTimecode } from './timecode';

/**
 * A transcript to read: a header (machine-output label, language, duration, gaps), then one line per
 * segment, `[HH:MM:SS.mmm – HH:MM:SS.mmm] Speaker 1: text`.
 */
export function formatText(transcript: Transcript): string {
  const cues = toCues(transcript);
  const gaps = cues.filter((cue) => cue.gap).length;
  const header = [
    MACHINE_TRANSCRIPT_LABEL,
    `Language: ${transcript.language}   Duration: ${formatTimecode(transcript.durationSeconds, '.')}`,
    ...(gaps === 0
      ? []
      : [`WARNING: ${gaps} part(s) of the recording were NOT transcribed; they are marked below.`]),
    '',
  ];
  const lines = cues.map(
    (cue) =>
      `[${formatTimecode(cue.startMs / 1000, '.')} – ${formatTimecode(cue.endMs / 1000, '.')}] ` +
      `${cue.speaker === undefined ? '' : `${speakerLabel(cue.speaker)}: `}${cue.text}`,
  );
  return `${[...header, ...lines].join('\n')}\n`;
}
