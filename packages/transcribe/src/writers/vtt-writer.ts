import type { Transcript } from '../transcript/transcript';
import { MACHINE_TRANSCRIPT_LABEL, speakerLabel, toCues } from './cues';
import { formatTimecode } from './timecode';

/**
 * WebVTT: the `WEBVTT` header with the machine-output label, a `NOTE` block repeating it with the
 * language, then cues `HH:MM:SS.mmm --> HH:MM:SS.mmm` in time order. Speakers are voice spans
 * (`<v Speaker 1>`); `&`, `<` and `>` in the text are escaped as the format requires.
 */
export function formatVtt(transcript: Transcript): string {
  const blocks = [
    `WEBVTT - ${MACHINE_TRANSCRIPT_LABEL}`,
    `NOTE\n${MACHINE_TRANSCRIPT_LABEL.replace(/-{2,}>/g, '->')}\nLanguage: ${transcript.language}`,
    ...toCues(transcript).map((cue) => {
      const text = escapeVtt(cue.text);
      const payload =
        cue.speaker === undefined ? text : `<v ${escapeVtt(speakerLabel(cue.speaker))}>${text}</v>`;
      return `${formatTimecode(cue.startMs / 1000, '.')} --> ${formatTimecode(cue.endMs / 1000, '.')}\n${payload}`;
    }),
  ];
  return `${blocks.join('\n\n')}\n`;
}

function escapeVtt(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
