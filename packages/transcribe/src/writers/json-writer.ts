import { MACHINE_OUTPUT_NOTICE } from '@toex/core';
import type { Transcript } from '../transcript/transcript';

/** The transcript as pretty JSON, labelled `machineOutput: true` with the notice, gaps counted. */
export function formatJson(transcript: Transcript): string {
  const gaps = transcript.segments.filter((segment) => segment.gap !== undefined).length;
  return `${JSON.stringify({ machineOutput: true, notice: MACHINE_OUTPUT_NOTICE, gaps, ...transcript }, null, 2)}\n`;
}
