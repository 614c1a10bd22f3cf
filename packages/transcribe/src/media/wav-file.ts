import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { MediaError } from '../errors/media-error';

/** Where the samples of a PCM WAV file are and how they are laid out. */
export interface WavLayout {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Byte offset of the first sample. */
  dataOffset: number;
  /** Bytes of sample data. */
  dataBytes: number;
}

/**
 * Reads the RIFF header of a PCM WAV file (walking its chunks, as ffmpeg may write `LIST` before
 * `data`). A `data` size of 0 or past the end (as a streaming writer leaves it) is taken as "to the end".
 */
export async function readWavLayout(path: string): Promise<WavLayout> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, 4096));
    await handle.read(head, 0, head.length, 0);
    if (head.toString('ascii', 0, 4) !== 'RIFF' || head.toString('ascii', 8, 12) !== 'WAVE') {
      throw invalid(path, 'not a RIFF/WAVE file');
    }
    let offset = 12;
    let format: Omit<WavLayout, 'dataOffset' | 'dataBytes'> | undefined;
    while (offset + 8 <= head.length) {
      const id = head.toString('ascii', offset, offset + 4);
      const chunkSize = head.readUInt32LE(offset + 4);
      if (id === 'fmt ') {
        format = {
          channels: head.readUInt16LE(offset + 10),
          sampleRate: head.readUInt32LE(offset + 12),
          bitsPerSample: head.readUInt16LE(offset + 22),
        };
      } else if (id === 'data') {
        if (format === undefined) throw invalid(path, 'the data chunk comes before the format chunk');
        const dataOffset = offset + 8;
        const available = size - dataOffset;
        const dataBytes = chunkSize === 0 || chunkSize > available ? available : chunkSize;
        return { ...format, dataOffset, dataBytes };
      }
      offset += 8 + chunkSize + (chunkSize % 2);
    }
    throw invalid(path, 'no data chunk in the first 4 KiB');
  } finally {
    await handle.close();
  }
}

/** A canonical 44-byte PCM WAV header. */
export function wavHeader(layout: Omit<WavLayout, 'dataOffset'>): Buffer {
  const header = Buffer.alloc(44);
  const blockAlign = (layout.channels * layout.bitsPerSample) / 8;
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + layout.dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(layout.channels, 22);
  header.writeUInt32LE(layout.sampleRate, 24);
  header.writeUInt32LE(layout.sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(layout.bitsPerSample, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(layout.dataBytes, 40);
  return header;
}

/**
 * Writes the samples of `source` from `startSeconds` to `endSeconds` as a new WAV file at `target`,
 * sample-exact (ffmpeg's segment muxer cuts on packet boundaries instead), streaming with flat memory.
 * Returns the bytes written.
 */
export async function sliceWav(
  source: string,
  layout: WavLayout,
  startSeconds: number,
  endSeconds: number,
  target: string,
): Promise<number> {
  const blockAlign = (layout.channels * layout.bitsPerSample) / 8;
  const toByte = (seconds: number) =>
    Math.min(layout.dataBytes, Math.round(seconds * layout.sampleRate) * blockAlign);
  const from = toByte(startSeconds);
  const to = toByte(endSeconds);
  const dataBytes = Math.max(0, to - from);
  const out = createWriteStream(target);
  out.write(wavHeader({ ...layout, dataBytes }));
  if (dataBytes === 0) {
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  } else {
    await pipeline(
      createReadStream(source, { start: layout.dataOffset + from, end: layout.dataOffset + to - 1 }),
      out,
    );
  }
  return 44 + dataBytes;
}

function invalid(path: string, reason: string): MediaError {
  return new MediaError({
    code: 'unreadable_media',
    file: path,
    message: `not a usable WAV file: ${reason}.`,
  });
}
