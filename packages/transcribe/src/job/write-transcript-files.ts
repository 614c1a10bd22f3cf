import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Text } from '@toex/core';
import type { Transcript } from '../transcript/transcript';
import { formatTranscript, type TranscriptFormat } from '../writers/format-transcript';

/** A file written, with its digest for the manifest. */
export interface WrittenFile {
  path: string;
  sha256: string;
  bytes: number;
}

/**
 * Writes `<dir>/<stem>.<ext>` for each format, each atomically (temporary file, then rename), so a
 * reader never sees half a transcript.
 */
export async function writeTranscriptFiles(
  transcript: Transcript,
  dir: string,
  stem: string,
  formats: readonly TranscriptFormat[],
): Promise<WrittenFile[]> {
  const written: WrittenFile[] = [];
  for (const format of formats) {
    const content = formatTranscript(transcript, format);
    const path = join(dir, `${stem}.${format}`);
    const temporary = `${path}.${process.pid}.partial`;
    await writeFile(temporary, content, { mode: 0o600 });
    await rename(temporary, path);
    written.push({ path, sha256: sha256Text(content), bytes: Buffer.byteLength(content) });
  }
  return written;
}
