import type { Transcript } from '../transcript/transcript';
import { formatJson } from './json-writer';
import { formatSrt } from './srt-writer';
import { formatText } from './text-writer';
import { formatVtt } from './vtt-writer';

/** The output formats, named by their file extension. */
export const transcriptFormats = ['json', 'srt', 'vtt', 'txt'] as const;
/** One of {@link transcriptFormats}. */
export type TranscriptFormat = (typeof transcriptFormats)[number];

/** Renders `transcript` in `format`. */
export function formatTranscript(transcript: Transcript, format: TranscriptFormat): string {
  switch (format) {
    case 'json':
      return formatJson(transcript);
    case 'srt':
      return formatSrt(transcript);
    case 'vtt':
      return formatVtt(transcript);
    case 'txt':
      return formatText(transcript);
  }
}
