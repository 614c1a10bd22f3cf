import { rename, stat } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { composeMessage } from '../data/compose-message';
import { SeededRandom } from '../data/seeded-random';

/** What was written. */
export interface WorkbookFacts {
  rows: number;
  bytes: number;
  /** UTF-16 code units of all message bodies. */
  bodyCharacters: number;
}

const header = [
  '#',
  'Chat #',
  'Identifier',
  'From',
  'To',
  'Body',
  'Status',
  'Timestamp: Date',
  'Platform',
  'Deleted - Instant Message',
  'Number of attachments',
  'Source file information',
  'Attachment #1 - Details',
];

/**
 * Writes a Cellebrite-style workbook of `rows` messages to `path` (via `<path>.partial`): a "Summary"
 * sheet, then "Chats" with a title row above the header, the `Body` column and the metadata a phone
 * download carries (numbers, a date cell, booleans, unique identifiers). Strings go through a shared-string
 * table stored after the sheets, as Excel stores them, so the reader meets the layout real reports have.
 */
export async function writeWorkbook(path: string, rows: number): Promise<WorkbookFacts> {
  const random = new SeededRandom(20_240_611);
  const partial = `${path}.partial`;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: partial,
    useSharedStrings: true,
    useStyles: true,
  });
  const summary = workbook.addWorksheet('Summary');
  summary.addRow(['Cellebrite Reader Report']).commit();
  summary.addRow(['Case number', 'BENCH/0001']).commit();
  summary.commit();
  const chats = workbook.addWorksheet('Chats');
  chats.addRow([`Chats (${rows})`]).commit();
  chats.addRow(header).commit();
  const contacts = Array.from(
    { length: 48 },
    () => `34${random.integer(600_000_000, 699_999_999)}@s.whatsapp.net`,
  );
  let time = Date.UTC(2023, 0, 1, 8, 0, 0);
  let bodyCharacters = 0;
  for (let index = 1; index <= rows; index += 1) {
    time += random.chance(0.1) ? random.integer(600, 36_000) * 1000 : random.integer(2, 240) * 1000;
    const body = composeMessage(random);
    bodyCharacters += body.length;
    const from = random.pickZipf(contacts);
    const row = chats.addRow([
      index,
      random.integer(1, 400),
      `${random.integer(0x10000000, 0x7fffffff).toString(16)}${index.toString(16)}`,
      from,
      random.pickZipf(contacts),
      body,
      random.pick(['Sent', 'Delivered', 'Read', 'Unread']),
      new Date(time),
      random.pick(['WhatsApp', 'Telegram', 'SMS']),
      random.chance(0.02),
      random.chance(0.1) ? random.integer(1, 4) : 0,
      `/private/var/mobile/Containers/Shared/AppGroup/ChatStorage.sqlite : 0x${((index * 2654435761) % 2 ** 32).toString(16)}`,
      // Attachment hashes: unique and incompressible, as in real reports, where they make much of the size.
      attachmentDetails(random),
    ]);
    row.getCell(8).numFmt = 'dd/mm/yyyy hh:mm:ss';
    row.commit();
  }
  chats.commit();
  await workbook.commit();
  await rename(partial, path);
  return { rows, bytes: (await stat(path)).size, bodyCharacters };
}

function hex(random: SeededRandom, length: number): string {
  let text = '';
  while (text.length < length) text += random.integer(0, 0xfffffff).toString(16).padStart(7, '0');
  return text.slice(0, length);
}

/** Hashes of a message's attachment and its thumbnails, one per line: about 1,500 characters. */
function attachmentDetails(random: SeededRandom): string {
  return Array.from(
    { length: 12 },
    (_, file) => `SHA256 #${file + 1}: ${hex(random, 64)}\nMD5 #${file + 1}: ${hex(random, 32)}`,
  ).join('\n');
}
