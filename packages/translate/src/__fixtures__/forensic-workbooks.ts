/**
 * Test support: writes Excel workbooks laid out the way Cellebrite and Magnet AXIOM export reports (see
 * the export-format notes: Cellebrite sheets have one title row above the header and a `Body` column;
 * AXIOM has one sheet per artifact, the header on row 1, a `Message` column and the time zone and date
 * format inside date headers). Written with exceljs's in-memory writer, which uses a shared-string table
 * as Excel does. Every person, number and case is invented.
 */
import ExcelJS from 'exceljs';

/** The messages of the Cellebrite-style "Chats" sheet, in order. */
export const cellebriteMessages = [
  'Hola, ¿nos vemos mañana en el bar?',
  'Sí, a las ocho.\nLlevo el paquete.',
  '=HYPERLINK("http://example.invalid","pulsa aquí")',
  '',
  'Vale, hasta luego.',
  '+34 600 000 000 es mi número nuevo',
];

/** The messages of the AXIOM-style "WhatsApp Messages - Android" sheet, in order. */
export const axiomMessages = [
  'Bonjour, le colis est arrivé ?',
  'Oui, je passe le prendre ce soir.',
  '=1+1 ça fait deux',
  'Merci beaucoup.',
];

/** A Cellebrite-style report: a summary, the chats with a title row, contacts, and an empty sheet. */
export async function writeCellebriteWorkbook(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const summary = workbook.addWorksheet('Summary');
  summary.addRow(['Cellebrite Reader Report']);
  summary.addRow(['Case number', '2024/0193']);
  summary.addRow(['Extraction', 'Advanced Logical']);
  summary.addRow(['Examiner', 'DC 4471']);

  const chats = workbook.addWorksheet('Chats');
  chats.addRow(['Chats (6)']);
  chats.addRow(['#', 'Chat #', 'From', 'To', 'Body', 'Status', 'Timestamp: Date', 'Deleted - Instant Message', 'Number of attachments']);
  cellebriteMessages.forEach((body, index) => {
    const row = chats.addRow([
      index + 1,
      1,
      index % 2 === 0 ? '447700900123@s.whatsapp.net Carlos' : '447700900456@s.whatsapp.net Lucía',
      index % 2 === 0 ? '447700900456@s.whatsapp.net Lucía' : '447700900123@s.whatsapp.net Carlos',
      body === '' ? null : body,
      index % 3 === 0 ? 'Read' : 'Sent',
      new Date(Date.UTC(2023, 2, 12, 14, index, 9)),
      index === 4,
      index === 1 ? 2.5 : 0,
    ]);
    row.getCell(7).numFmt = 'dd/mm/yyyy hh:mm:ss';
  });

  const contacts = workbook.addWorksheet('Contacts');
  contacts.addRow(['Contacts (2)']);
  contacts.addRow(['#', 'Name', 'Entries', 'Source']);
  contacts.addRow([1, 'Carlos', 'Phone-Mobile: +44 7700 900123', 'WhatsApp']);
  contacts.addRow([2, 'Lucía', 'Phone-Mobile: +44 7700 900456', 'WhatsApp']);

  workbook.addWorksheet('Notes');
  await workbook.xlsx.writeFile(path);
}

/** The date header AXIOM writes with the examiner's zone and date format. */
export const axiomDateHeader = 'Message Sent Date/Time - UTC+00:00 (dd/MM/yyyy)';

/** An AXIOM-style export: one sheet per artifact, header on row 1. */
export async function writeAxiomWorkbook(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const whatsapp = workbook.addWorksheet('WhatsApp Messages - Android');
  whatsapp.addRow(['Item ID', 'Sender', 'Recipient', 'Message', axiomDateHeader, 'Direction', '_ChatId']);
  axiomMessages.forEach((message, index) => {
    whatsapp.addRow([
      1000 + index,
      index % 2 === 0 ? '33600000001@s.whatsapp.net' : '33600000002@s.whatsapp.net',
      index % 2 === 0 ? '33600000002@s.whatsapp.net' : '33600000001@s.whatsapp.net',
      message,
      `0${index + 1}/04/2024 09:1${index}:00`,
      index % 2 === 0 ? 'Sent' : 'Received',
      7,
    ]);
  });
  const telegram = workbook.addWorksheet('Telegram Messages - Android');
  telegram.addRow(['Item ID', 'Sender', 'Message Body', 'Created Date/Time - UTC+00:00 (dd/MM/yyyy)']);
  telegram.addRow([2000, 'Ivan', 'Привет, как дела?', '05/04/2024 10:00:00']);
  telegram.addRow([2001, 'Olga', 'Всё хорошо, спасибо.', '05/04/2024 10:01:00']);
  const calls = workbook.addWorksheet('Call Logs');
  calls.addRow(['Item ID', 'Partner', 'Duration', 'Call Date/Time - UTC+00:00 (dd/MM/yyyy)']);
  calls.addRow([3000, '+33600000001', 62, '06/04/2024 11:00:00']);
  await workbook.xlsx.writeFile(path);
}

/** Every cell of every sheet of a workbook, by sheet name, as `{ address: value }`, read in memory. */
export async function readAllCells(path: string): Promise<Map<string, Map<string, unknown>>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheets = new Map<string, Map<string, unknown>>();
  workbook.eachSheet((sheet) => {
    const cells = new Map<string, unknown>();
    sheet.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        cells.set(cell.address, cell.value);
      });
    });
    sheets.set(sheet.name, cells);
  });
  return sheets;
}

/** The cells with a formula in a workbook, as `sheet!address`, read in memory. */
export async function formulaCells(path: string): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const found: string[] = [];
  workbook.eachSheet((sheet) => {
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula) found.push(`${sheet.name}!${cell.address}`);
      });
    });
  });
  return found;
}
