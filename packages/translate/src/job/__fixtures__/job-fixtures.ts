/**
 * Test support for the job tests: writes phone-download exports the way forensic tools produce them, and
 * reads a translated CSV back into records. Every person, number and case is invented.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { encodeText, type TestEncoding } from '../../__fixtures__/encode-text';

/** The columns of a Cellebrite-style chat export. */
export const chatHeader = ['#', 'Chat #', 'From', 'To', 'Body', 'Status', 'Timestamp: Date', 'Timestamp: Time'];

/** The three lines Cellebrite Reader writes above the header. */
export const cellebritePreamble = [
  'Cellebrite Reader Report',
  'Case: 2024/0193 - Operación Ejemplo',
  'Extraction: Advanced Logical, Apple iPhone 12',
];

/** Chat rows around the given message bodies: numbered from 1, alternating sender, a timestamp each. */
export function chatRows(bodies: readonly string[]): string[][] {
  return bodies.map((body, index) => {
    const carlos = index % 2 === 0;
    const seconds = String(index % 60).padStart(2, '0');
    const minutes = String(Math.floor(index / 60) % 60).padStart(2, '0');
    return [
      String(index + 1),
      '1',
      carlos ? '447700900123@s.whatsapp.net Carlos' : '447700900456@s.whatsapp.net Lucía',
      carlos ? '447700900456@s.whatsapp.net Lucía' : '447700900123@s.whatsapp.net Carlos',
      body,
      index % 3 === 0 ? 'Read' : 'Delivered',
      '12/03/2023',
      `14:${minutes}:${seconds}(UTC+0)`,
    ];
  });
}

/** Formats rows as CSV with CRLF: cells holding the delimiter, a quote or a line break are quoted. */
export function toCsv(rows: readonly (readonly string[])[], delimiter = ','): string {
  const cell = (value: string) =>
    /["\r\n]/.test(value) || value.includes(delimiter) ? `"${value.replaceAll('"', '""')}"` : value;
  return rows.map((row) => `${row.map(cell).join(delimiter)}\r\n`).join('');
}

/**
 * Writes an export: optional preamble lines (written as is, as Cellebrite does), then the header and rows,
 * in `encoding`. Returns the path.
 */
export async function writeExport(
  path: string,
  options: { header: readonly string[]; rows: readonly (readonly string[])[]; preamble?: readonly string[]; encoding?: TestEncoding },
): Promise<string> {
  const preamble = (options.preamble ?? []).map((line) => `${line}\r\n`).join('');
  const text = preamble + toCsv([options.header, ...options.rows]);
  await writeFile(path, encodeText(text, options.encoding ?? 'utf-8'));
  return path;
}

/** A translated CSV read back: raw bytes, and its records (BOM removed). */
export async function readCsvOutput(path: string): Promise<{ bytes: Buffer; records: string[][] }> {
  const bytes = await readFile(path);
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const records = parse(text, { relax_column_count: true, bom: false }) as string[][];
  return { bytes, records };
}

/** A fresh temporary directory and its removal. */
export async function temporaryDirectory(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'toex-job-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
