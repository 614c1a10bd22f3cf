/**
 * Test support: encodes text into the encodings the readers detect, so tests can write byte-exact inputs.
 * Node has decoders but no encoders for legacy encodings, so the tables are built by decoding every byte
 * (windows-125x) or byte pair (gb18030) and inverting. make-fixtures.mjs holds the same logic in plain
 * JavaScript so it can run without a TypeScript loader.
 */

/** Encodings tests can produce. `-bom` variants start with a byte-order mark. */
export type TestEncoding =
  | 'utf-8'
  | 'utf-8-bom'
  | 'utf-16le'
  | 'utf-16le-bom'
  | 'utf-16be'
  | 'utf-16be-bom'
  | 'windows-1252'
  | 'windows-1256'
  | 'gb18030';

// Node >= 20.18.3 decodes windows-1252 bytes 0x80-0x9F as Latin-1 (nodejs/node#56542): use the WHATWG index.
const windows1252Specials =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

const tables = new Map<string, Map<string, number[]>>();

function singleByteTable(encoding: 'windows-1252' | 'windows-1256'): Map<string, number[]> {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder(encoding);
  for (let byte = 0; byte < 256; byte++) {
    const character =
      encoding === 'windows-1252' && byte >= 0x80 && byte <= 0x9f
        ? (windows1252Specials[byte - 0x80] ?? '')
        : decoder.decode(Uint8Array.of(byte));
    if (!table.has(character)) table.set(character, [byte]);
  }
  return table;
}

function gb18030Table(): Map<string, number[]> {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  for (let byte = 0; byte < 0x80; byte++) table.set(String.fromCharCode(byte), [byte]);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const character = decoder.decode(Uint8Array.of(lead, trail));
      if (character !== '\uFFFD' && !table.has(character)) table.set(character, [lead, trail]);
    }
  }
  return table;
}

function tableFor(encoding: 'windows-1252' | 'windows-1256' | 'gb18030'): Map<string, number[]> {
  let table = tables.get(encoding);
  if (table === undefined) {
    table = encoding === 'gb18030' ? gb18030Table() : singleByteTable(encoding);
    tables.set(encoding, table);
  }
  return table;
}

// gb18030 encodes supplementary-plane characters (emoji) as four bytes counted linearly from 0x90 0x30 0x81 0x30.
function gb18030FourBytes(codePoint: number): number[] {
  let linear = codePoint - 0x10000;
  const fourth = 0x30 + (linear % 10);
  linear = Math.floor(linear / 10);
  const third = 0x81 + (linear % 126);
  linear = Math.floor(linear / 126);
  const second = 0x30 + (linear % 10);
  return [0x90 + Math.floor(linear / 10), second, third, fourth];
}

function utf16(text: string, littleEndian: boolean): number[] {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (littleEndian) bytes.push(unit & 0xff, unit >> 8);
    else bytes.push(unit >> 8, unit & 0xff);
  }
  return bytes;
}

/** True when `character` (one code point) can be written in `encoding`. */
export function canEncode(character: string, encoding: TestEncoding): boolean {
  if (!encoding.startsWith('windows') && encoding !== 'gb18030') return true;
  if (encoding === 'gb18030' && (character.codePointAt(0) ?? 0) >= 0x10000) return true;
  return tableFor(encoding as 'windows-1252' | 'windows-1256' | 'gb18030').has(character);
}

/** Encodes `text` in `encoding`; throws for a character the encoding cannot hold. */
export function encodeText(text: string, encoding: TestEncoding): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return new TextEncoder().encode(text);
    case 'utf-8-bom':
      return new TextEncoder().encode(`\uFEFF${text}`);
    case 'utf-16le':
    case 'utf-16le-bom':
      return Uint8Array.from(utf16(encoding.endsWith('bom') ? `\uFEFF${text}` : text, true));
    case 'utf-16be':
    case 'utf-16be-bom':
      return Uint8Array.from(utf16(encoding.endsWith('bom') ? `\uFEFF${text}` : text, false));
    default: {
      const table = tableFor(encoding);
      const bytes: number[] = [];
      for (const character of text) {
        const mapped = table.get(character);
        if (mapped !== undefined) bytes.push(...mapped);
        else if (encoding === 'gb18030' && (character.codePointAt(0) ?? 0) >= 0x10000) {
          bytes.push(...gb18030FourBytes(character.codePointAt(0) ?? 0));
        } else throw new Error(`${JSON.stringify(character)} cannot be encoded in ${encoding}`);
      }
      return Uint8Array.from(bytes);
    }
  }
}

/** The name `TextDecoder` and the readers report for a test encoding. */
export function decoderName(encoding: TestEncoding): string {
  return encoding.replace(/-bom$/, '');
}

/** Splits bytes into chunks at the given cut points, as a stream would deliver them. */
export async function* chunked(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  const points = [...new Set(cuts.map((cut) => Math.max(0, Math.min(bytes.length, cut))))].sort((a, b) => a - b);
  let start = 0;
  for (const point of [...points, bytes.length]) {
    if (point > start) yield bytes.slice(start, point);
    start = point;
  }
}
