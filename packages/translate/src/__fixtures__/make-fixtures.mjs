#!/usr/bin/env node
// Writes the reader fixtures in this folder from the tables below, so the binary encodings are reproducible.
//   node packages/translate/src/__fixtures__/make-fixtures.mjs          # (re)write the files
//   node packages/translate/src/__fixtures__/make-fixtures.mjs --check  # exit 1 if a file differs
//
// All people, numbers and cases are invented. Phone numbers are Ofcom drama numbers (07700 900xxx).
// Node has decoders but no encoders for legacy encodings, so encoders are built here by decoding every
// byte (windows-125x) or byte pair (gb18030) and inverting; each file is decoded back and compared.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = dirname(fileURLToPath(import.meta.url));

/** Formats rows as CSV: cells holding the delimiter, a quote or a line break are quoted. */
function toCsv(rows, delimiter, lineEnding) {
  const cell = (value) => (/["\r\n]/.test(value) || value.includes(delimiter) ? `"${value.replaceAll('"', '""')}"` : value);
  return rows.map((row) => row.map(cell).join(delimiter)).join(lineEnding) + lineEnding;
}

// Node >= 20.18.3 decodes windows-1252 bytes 0x80-0x9F as Latin-1 (nodejs/node#56542), so that range is
// spelled out from the WHATWG index rather than taken from TextDecoder.
const windows1252Specials = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

function decodeSingleByte(encoding, byte) {
  if (encoding === 'windows-1252' && byte >= 0x80 && byte <= 0x9f) return windows1252Specials[byte - 0x80];
  return new TextDecoder(encoding).decode(Uint8Array.of(byte));
}

function decode(encoding, bytes) {
  if (encoding !== 'windows-1252') return new TextDecoder(encoding).decode(bytes);
  return Array.from(bytes, (byte) => decodeSingleByte(encoding, byte)).join('');
}

function singleByteEncoder(encoding) {
  const table = new Map();
  for (let byte = 0; byte < 256; byte++) table.set(decodeSingleByte(encoding, byte), byte);
  return (text) =>
    Uint8Array.from(Array.from(text, (character) => {
      const byte = table.get(character);
      if (byte === undefined) throw new Error(`${JSON.stringify(character)} has no ${encoding} byte`);
      return byte;
    }));
}

function gb18030Encoder() {
  const decoder = new TextDecoder('gb18030');
  const table = new Map();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const character = decoder.decode(Uint8Array.of(lead, trail));
      if (!table.has(character)) table.set(character, [lead, trail]);
    }
  }
  return (text) => {
    const bytes = [];
    for (const character of text) {
      const code = character.codePointAt(0);
      if (code < 0x80) bytes.push(code);
      else if (table.has(character)) bytes.push(...table.get(character));
      else if (code >= 0x10000) {
        // Supplementary planes (emoji) are four-byte sequences counted linearly from 0x90 0x30 0x81 0x30.
        let linear = code - 0x10000;
        const fourth = 0x30 + (linear % 10);
        linear = Math.floor(linear / 10);
        const third = 0x81 + (linear % 126);
        linear = Math.floor(linear / 126);
        const second = 0x30 + (linear % 10);
        bytes.push(0x90 + Math.floor(linear / 10), second, third, fourth);
      } else throw new Error(`${JSON.stringify(character)} is not in the two-byte gb18030 table`);
    }
    return Uint8Array.from(bytes);
  };
}

const utf16le = (text) => {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set([0xff, 0xfe]);
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    bytes[2 + index * 2] = unit & 0xff;
    bytes[3 + index * 2] = unit >> 8;
  }
  return bytes;
};
const utf8 = (text) => new TextEncoder().encode(text);

// A Cellebrite-style chat export: UTF-16 LE with BOM, CRLF, a three-line preamble, multi-line cells.
const cellebritePreamble = [
  'Cellebrite Reader Report',
  'Case: 2024/0193 - Operación Ejemplo',
  'Extraction: Advanced Logical, Apple iPhone 12',
].join('\r\n');
const cellebrite = toCsv(
  [
    ['#', 'Chat #', 'Identifier', 'From', 'To', 'Body', 'Status', 'Timestamp: Date', 'Timestamp: Time', 'Deleted - Instant Message'],
    ['1', '1', '4f2a9c01', 'System Message System Message', '', 'Los mensajes y las llamadas están cifrados de extremo a extremo.', '', '12/03/2023', '14:00:01(UTC+0)', ''],
    ['2', '1', '4f2a9c01', '447700900123@s.whatsapp.net Carlos', '447700900456@s.whatsapp.net Lucía', 'Hola Lucía, ¿quedamos mañana a las 10?', 'Read', '12/03/2023', '14:05:09(UTC+0)', ''],
    ['3', '1', '4f2a9c01', '447700900456@s.whatsapp.net Lucía', '447700900123@s.whatsapp.net Carlos', 'Vale.\r\nLlevo el paquete 📦\r\nNo se lo digas a nadie', 'Read', '12/03/2023', '14:07:45(UTC+0)', ''],
    ['4', '1', '4f2a9c01', '447700900123@s.whatsapp.net Carlos', '447700900456@s.whatsapp.net Lucía', '+447700900789 es el número nuevo, "el de siempre" ya no', 'Delivered', '12/03/2023', '14:09:02(UTC+0)', 'Yes'],
    ['5', '1', '4f2a9c01', '447700900456@s.whatsapp.net Lucía', '447700900123@s.whatsapp.net Carlos', '=HYPERLINK("http://example.invalid/"&A1,"ver foto")', 'Read', '12/03/2023', '14:10:30(UTC+0)', ''],
    ['6', '1', '4f2a9c01', '447700900123@s.whatsapp.net Carlos', '447700900456@s.whatsapp.net Lucía', '', 'Read', '12/03/2023', '14:11:00(UTC+0)', ''],
    ['7', '1', '4f2a9c01', '447700900456@s.whatsapp.net Lucía', '447700900123@s.whatsapp.net Carlos', 'Perfecto 👍 hasta mañana', 'Sent', '12/03/2023', '14:12:13(UTC+0)', ''],
  ],
  ',',
  '\r\n',
);

// An XRY-style export from a Spanish-locale PC: semicolons, Windows-1252, CRLF, no preamble.
const xry = toCsv(
  [
    ['Índice', 'Hora', 'Dirección', 'Remitente', 'Destinatario', 'Aplicación', 'Texto', 'Eliminado'],
    ['1', '03/04/2024 09:15:00', 'Entrante', '07700 900321', '07700 900654', 'SMS', '¿Dónde estás? Te espero en la estación', 'No'],
    ['2', '03/04/2024 09:16:12', 'Saliente', '07700 900654', '07700 900321', 'SMS', 'Llego en 5 min; el tráfico está fatal', 'No'],
    ['3', '03/04/2024 09:20:45', 'Entrante', '07700 900321', '07700 900654', 'SMS', 'Dijo "mañana" pero no me fío… cuesta 200 €', 'No'],
    ['4', '03/04/2024 09:22:03', 'Saliente', '07700 900654', '07700 900321', 'SMS', '¡Vale! Nos vemos en el bar de Ángel', 'Sí'],
    ['5', '03/04/2024 09:30:59', 'Entrante', '07700 900321', '07700 900654', 'SMS', '-12,5 grados en la sierra, lleva abrigo', 'No'],
  ],
  ';',
  '\r\n',
);

// An AXIOM-style WhatsApp sheet saved as CSV on an Arabic-locale PC: Windows-1256, comma, CRLF.
const axiom = toCsv(
  [
    ['Item ID', 'Sender', 'Recipient', 'Message', 'Message Sent Date/Time - UTC+00:00 (dd/MM/yyyy)', 'Direction'],
    ['101', '447700900111@s.whatsapp.net', '447700900222@s.whatsapp.net', 'مرحبا، كيف حالك؟', '05/06/2024 20:01:15', 'Sent'],
    ['102', '447700900222@s.whatsapp.net', '447700900111@s.whatsapp.net', 'بخير والحمد لله. هل وصلت الشحنة؟', '05/06/2024 20:03:40', 'Received'],
    ['103', '447700900111@s.whatsapp.net', '447700900222@s.whatsapp.net', 'نعم، سأرسلها غدا في الساعة العاشرة', '05/06/2024 20:05:02', 'Sent'],
    ['104', '447700900222@s.whatsapp.net', '447700900111@s.whatsapp.net', 'لا تتصل بي على هذا الرقم بعد الآن', '05/06/2024 20:06:27', 'Received'],
  ],
  ',',
  '\r\n',
);

// A WeChat-style export with Chinese headers: GB18030 (an emoji is a four-byte sequence), comma, CRLF.
const wechat = toCsv(
  [
    ['序号', '时间', '发送者', '接收者', '消息内容'],
    ['1', '2024-01-20 21:30:05', '王伟', '李娜', '你好，明天见面吗？'],
    ['2', '2024-01-20 21:31:47', '李娜', '王伟', '货已经到了，晚上八点在老地方。'],
    ['3', '2024-01-20 21:33:10', '王伟', '李娜', '好的👌 别用这个号码打电话'],
    ['4', '2024-01-20 21:35:59', '李娜', '王伟', '知道了，我会小心的。'],
  ],
  ',',
  '\r\n',
);

// A WhatsApp Android "Export chat" text file, read one line per row (empty lines kept).
const whatsappText = [
  '12/03/2023, 14:00 - Los mensajes y las llamadas están cifrados de extremo a extremo.',
  '12/03/2023, 14:05 - Carlos: Hola, ¿estás libre esta noche?',
  '12/03/2023, 14:06 - Lucía: Sí, después de las nueve',
  'pero no en mi casa',
  '',
  '12/03/2023, 14:07 - Carlos: <Multimedia omitido>',
  '12/03/2023, 14:08 - Lucía: Vale, te llamo desde el 07700 900456',
  '',
].join('\n');

// A chat converted to JSON Lines: nested text, a Telegram-style formatted text array, a photo without text.
const jsonl = [
  { id: 1, date: '2024-02-01T10:00:00', from: 'Carlos', message: { text: 'Buenos días, ¿tienes lo mío?' } },
  { id: 2, date: '2024-02-01T10:02:13', from: 'Lucía', message: { text: ['Sí, ', { type: 'bold', text: 'a las doce' }, ' en el parque'] } },
  { id: 3, date: '2024-02-01T10:03:40', from: 'Carlos', message: { photo: 'photos/photo_3.jpg' } },
  { id: 4, date: '2024-02-01T10:04:05', from: 'Lucía', message: { text: 'No traigas el coche 🚗' } },
]
  .map((record) => JSON.stringify(record))
  .join('\n');

const files = [
  { name: 'cellebrite-chats-utf16le.csv', encoding: 'utf-16le', text: `${cellebritePreamble}\r\n${cellebrite}`, encode: utf16le },
  { name: 'xry-messages-windows-1252.csv', encoding: 'windows-1252', text: xry, encode: singleByteEncoder('windows-1252') },
  { name: 'axiom-whatsapp-windows-1256.csv', encoding: 'windows-1256', text: axiom, encode: singleByteEncoder('windows-1256') },
  { name: 'wechat-messages-gb18030.csv', encoding: 'gb18030', text: wechat, encode: gb18030Encoder() },
  { name: 'whatsapp-chat.txt', encoding: 'utf-8', text: whatsappText, encode: utf8 },
  { name: 'chat-export.jsonl', encoding: 'utf-8', text: `${jsonl}\n`, encode: utf8 },
];

const check = process.argv.includes('--check');
let stale = 0;
for (const file of files) {
  const bytes = file.encode(file.text);
  const decoded = decode(file.encoding, bytes);
  if (decoded !== file.text) throw new Error(`${file.name}: encoding does not round-trip`);
  if (bytes.length > 5 * 1024) throw new Error(`${file.name}: ${bytes.length} bytes; keep fixtures under 5 KB`);
  const path = join(folder, file.name);
  if (check) {
    let current;
    try {
      current = readFileSync(path);
    } catch {
      current = Buffer.alloc(0);
    }
    if (!Buffer.from(bytes).equals(current)) {
      console.error(`${file.name} is out of date: run make-fixtures.mjs`);
      stale++;
    }
  } else {
    writeFileSync(path, bytes);
    console.log(`${file.name}: ${bytes.length} bytes, ${file.encoding}`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
