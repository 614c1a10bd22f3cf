import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { composeMessage } from './compose-message';
import { SeededRandom } from './seeded-random';

/** Columns of the generated export, as a Cellebrite "Chats" CSV names them. */
export const exportHeader: readonly string[] = [
  '#',
  'Timestamp',
  'Direction',
  'Party',
  'Body',
  'Status',
  'Source',
];

/** The column holding the messages. */
export const bodyColumn = 'Body';

/** Every export is generated from this seed, so a 10× file starts with exactly the rows of the 1× file. */
const seed = 20_240_611;

/** What was written. */
export interface ExportFacts {
  rows: number;
  bytes: number;
  /** UTF-16 code units of all message bodies. */
  bodyCharacters: number;
}

/**
 * Writes a Cellebrite-like chat export of `rows` rows to `path` (via `<path>.partial`, renamed when
 * complete): UTF-8 with a byte-order mark, CRLF line ends, quoted cells where needed. Bodies are
 * Spanish chat messages with realistic repetition (see `composeMessage`); the other columns are the
 * metadata a phone download carries. Streams, so any size is written in flat memory.
 */
export async function writeExport(path: string, rows: number): Promise<ExportFacts> {
  const random = new SeededRandom(seed);
  const partial = `${path}.partial`;
  const stream = createWriteStream(partial);
  const contacts = Array.from(
    { length: 48 },
    () => `+34 6${random.integer(10, 99)} ${random.integer(100, 999)} ${random.integer(100, 999)}`,
  );
  let time = Date.UTC(2023, 0, 1, 8, 0, 0);
  let bytes = 0;
  let bodyCharacters = 0;
  let pending = `\uFEFF${exportHeader.map(quoteCell).join(',')}\r\n`;
  for (let index = 1; index <= rows; index += 1) {
    // Bursts of conversation with pauses between them.
    time += random.chance(0.1) ? random.integer(600, 36_000) * 1000 : random.integer(2, 240) * 1000;
    const outgoing = random.chance(0.5);
    const body = composeMessage(random);
    bodyCharacters += body.length;
    const cells = [
      String(index),
      formatTimestamp(time),
      outgoing ? 'Outgoing' : 'Incoming',
      random.pickZipf(contacts),
      body,
      outgoing ? random.pick(['Sent', 'Delivered', 'Read']) : random.pick(['Read', 'Unread']),
      random.pick(['WhatsApp', 'WhatsApp', 'WhatsApp', 'Telegram', 'SMS']),
    ];
    pending += `${cells.map(quoteCell).join(',')}\r\n`;
    if (pending.length >= 256 * 1024) {
      bytes += Buffer.byteLength(pending);
      if (!stream.write(pending)) await once(stream, 'drain');
      pending = '';
    }
  }
  bytes += Buffer.byteLength(pending);
  stream.end(pending);
  await once(stream, 'close');
  await rename(partial, path);
  return { rows, bytes, bodyCharacters };
}

/** Quotes a cell holding a comma, a quote or a line break, doubling its quotes. */
function quoteCell(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** Cellebrite's timestamp style: `14/03/2023 18:42:07(UTC+1)`. */
function formatTimestamp(milliseconds: number): string {
  const date = new Date(milliseconds);
  const two = (value: number): string => String(value).padStart(2, '0');
  return `${two(date.getUTCDate())}/${two(date.getUTCMonth() + 1)}/${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}(UTC+0)`;
}
