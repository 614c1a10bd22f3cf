import { createHash } from 'node:crypto';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apertiumUrlForTests } from '../../../../scripts/test/apertium-url';
import { bufferedIo, temporaryDirectory } from '../__fixtures__/cli-test-io';
import { ExitCode } from '../io';
import { runCli } from '../main';

// `toex translate … --entities [--keywords FILE]` with the real Apertium engine (APY on loopback from the
// vitest global setup): findings in the source and in the translation, in one output, with one manifest.

interface WrittenFinding {
  type: string;
  text: string;
  start: number;
  end: number;
  normalized: string;
  in?: string;
  category?: string;
}

let directory: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  directory = await temporaryDirectory();
});
afterEach(() => directory.remove());

const apertium = () => ({ APERTIUM_URL: apertiumUrlForTests() });

async function readCsv(path: string): Promise<{ header: string[]; rows: string[][] }> {
  const [header, ...rows] = parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''), {
    relax_column_count: true,
  }) as string[][];
  return { header: header!, rows };
}

async function writeExport(): Promise<string> {
  const path = join(directory.path, 'export.csv');
  const rows = [
    'Id,Party,Message Body',
    '1,+447700900123,"Llámame al 07911 123456, tengo el dinero."',
    '2,+447700900456,Nos vemos mañana en la estación.',
    '3,+447700900123,"Paga a GB29 NWBK 6016 1331 9268 19, no a 4111 1111 1111 1112."',
    '4,+447700900456,',
  ];
  await writeFile(path, `${rows.join('\r\n')}\r\n`);
  // Watchlist terms in English: "money" is only in the translation of "dinero".
  await writeFile(join(directory.path, 'watchlist.csv'), 'term,category\nmoney,finance\nestación,places\n');
  return path;
}

describe('toex translate --entities', () => {
  it('adds entities and keyword_hits found in the source and the translation, each finding naming its column', async () => {
    const input = await writeExport();
    const io = bufferedIo({ cwd: directory.path, env: apertium() });
    const code = await runCli(
      ['translate', input, '--to', 'en', '--from', 'es', '--entities', '--keywords', 'watchlist.csv'],
      io,
    );
    expect(code, io.err()).toBe(ExitCode.ok);
    const outputPath = join(directory.path, 'export.translated.csv');
    const { header, rows } = await readCsv(outputPath);
    expect(header).toEqual([
      'Id',
      'Party',
      'Message Body',
      'Message Body_en',
      'Message Body_lang',
      'toex_status',
      'toex_flags',
      'entities',
      'keyword_hits',
    ]);
    expect(rows).toHaveLength(4);
    const cell = (row: string[], name: string) => row[header.indexOf(name)]!;
    const findings = rows.map((row) => JSON.parse(cell(row, 'entities')) as WrittenFinding[]);

    // Every finding slices back to its text in the cell it names.
    rows.forEach((row, index) => {
      for (const finding of findings[index]!) {
        expect(['Message Body', 'Message Body_en']).toContain(finding.in);
        expect(cell(row, finding.in!).slice(finding.start, finding.end)).toBe(finding.text);
      }
    });
    const summary = (list: WrittenFinding[]) =>
      list.map((finding) => `${finding.in}|${finding.type}|${finding.normalized}`);
    // The phone is found in the source and again in its translation.
    expect(summary(findings[0]!)).toEqual(
      expect.arrayContaining([
        'Message Body|phone|+447911123456',
        'Message Body_en|phone|+447911123456',
        'Message Body_en|keyword|money',
      ]),
    );
    expect(summary(findings[0]!)).not.toContain('Message Body|keyword|money');
    expect(cell(rows[0]!, 'keyword_hits')).toBe('money [finance]');
    // Watchlist hits in the source too; diacritics folded.
    expect(summary(findings[1]!)).toContain('Message Body|keyword|estación');
    // A valid IBAN is found; a card number failing Luhn is not a card, in either language.
    expect(summary(findings[2]!)).toEqual(
      expect.arrayContaining([
        'Message Body|iban|GB29NWBK60161331926819',
        'Message Body_en|iban|GB29NWBK60161331926819',
      ]),
    );
    expect(findings[2]!.some((finding) => finding.type === 'card')).toBe(false);
    // The empty message is kept, in order, with empty findings.
    expect(cell(rows[3]!, 'Id')).toBe('4');
    expect(findings[3]).toEqual([]);

    // One manifest, for the final file: its hash is of the bytes written, entities recorded.
    const manifest = JSON.parse(await readFile(`${outputPath}.manifest.json`, 'utf8'));
    const bytes = await readFile(outputPath);
    expect(manifest.output.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(manifest.output.bytes).toBe(bytes.length);
    expect(manifest.settings.entities).toMatchObject({
      region: 'GB',
      searched: ['source', 'translation'],
      watchlist: {
        sha256: createHash('sha256')
          .update(await readFile(join(directory.path, 'watchlist.csv')))
          .digest('hex'),
        terms: 2,
      },
    });
    const total = findings.reduce((sum, list) => sum + list.length, 0);
    expect(manifest.counts.entityFindings).toBe(total);
    expect(manifest.counts.findingsInTranslations).toBe(
      findings.flat().filter((finding) => finding.in === 'Message Body_en').length,
    );
    expect(manifest.counts.keywordHits).toBe(2);
    expect(manifest.counts.rows).toBe(4);
    expect(io.err()).toMatch(/entities {3}\d+ findings \(\d+ in translations\) in 3 rows, 2 watchlist hits/);
  }, 60_000);

  it('leaves the output as before without --entities', async () => {
    const input = await writeExport();
    const io = bufferedIo({ cwd: directory.path, env: apertium() });
    expect(await runCli(['translate', input, '--to', 'en', '--from', 'es'], io)).toBe(ExitCode.ok);
    const { header } = await readCsv(join(directory.path, 'export.translated.csv'));
    expect(header).not.toContain('entities');
    const manifest = JSON.parse(
      await readFile(join(directory.path, 'export.translated.csv.manifest.json'), 'utf8'),
    );
    expect(manifest.settings.entities).toBeUndefined();
    expect(manifest.counts.entityFindings).toBeUndefined();
  }, 60_000);

  it('adds the columns after a chat export’s source column and searches each message', async () => {
    const input = join(directory.path, 'chat.txt');
    await copyFile(
      fileURLToPath(
        new URL(
          '../../../translate/src/__fixtures__/chats/WhatsApp Chat with Marta Díaz.txt',
          import.meta.url,
        ),
      ),
      input,
    );
    const io = bufferedIo({ cwd: directory.path, env: apertium() });
    const code = await runCli(['translate', 'chat.txt', '--to', 'en', '--entities'], io);
    expect(code, io.err()).toBe(ExitCode.ok);
    const { header, rows } = await readCsv(join(directory.path, 'chat.translated.csv'));
    expect(header.slice(-5)).toEqual(['toex_status', 'source', 'toex_flags', 'entities', 'keyword_hits']);
    const urls = rows.flatMap((row) =>
      (JSON.parse(row[header.indexOf('entities')]!) as WrittenFinding[]).filter(
        (finding) => finding.type === 'url',
      ),
    );
    // The URL-only message is copied through untranslated: found once, in the source.
    expect(urls.map((finding) => `${finding.in}|${finding.normalized}`)).toEqual([
      'text|https://example.org/mapa',
    ]);
  }, 60_000);

  it('adds the columns to each sheet with text in an Excel workbook', async () => {
    const path = join(directory.path, 'export.xlsx');
    const workbook = new ExcelJS.Workbook();
    const chats = workbook.addWorksheet('Chats');
    chats.addRow(['#', 'From', 'Body']);
    chats.addRow([1, 'Carlos', 'hola, mi correo es carlos@example.com']);
    chats.addRow([2, 'Lucía', 'El coche está en el garaje']);
    workbook.addWorksheet('Contacts').addRow(['#', 'Name']);
    await workbook.xlsx.writeFile(path);

    const io = bufferedIo({ cwd: directory.path, env: apertium() });
    const code = await runCli(['translate', path, '--to', 'en', '--from', 'es', '--entities'], io);
    expect(code, io.err()).toBe(ExitCode.ok);
    const written = new ExcelJS.Workbook();
    await written.xlsx.readFile(join(directory.path, 'export.translated.xlsx'));
    const rows: unknown[][] = [];
    written.getWorksheet('Chats')!.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1));
    });
    expect(rows[0]).toEqual([
      '#',
      'From',
      'Body',
      'Body_en',
      'Body_lang',
      'toex_status',
      'toex_flags',
      'entities',
      'keyword_hits',
    ]);
    const emails = (JSON.parse(String(rows[1]![7])) as WrittenFinding[]).filter(
      (finding) => finding.type === 'email',
    );
    expect(emails.map((finding) => finding.in)).toEqual(['Body', 'Body_en']);
    expect(JSON.parse(String(rows[2]![7]))).toEqual([]);
  }, 60_000);

  it('adds entities and keyword_hits beside the translations of a JSONL output', async () => {
    const input = await writeExport();
    const io = bufferedIo({ cwd: directory.path, env: apertium() });
    const code = await runCli(
      [
        'translate',
        input,
        '--to',
        'en',
        '--from',
        'es',
        '--entities',
        '--keywords',
        'watchlist.csv',
        '--out',
        'out.jsonl',
      ],
      io,
    );
    expect(code, io.err()).toBe(ExitCode.ok);
    const records = (await readFile(join(directory.path, 'out.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { translations: Record<string, string> });
    expect(records).toHaveLength(4);
    const first = JSON.parse(records[0]!.translations.entities!) as WrittenFinding[];
    expect(first.map((finding) => `${finding.in}|${finding.type}`)).toContain('Message Body_en|keyword');
    expect(records[0]!.translations.keyword_hits).toBe('money [finance]');
  }, 60_000);

  it('refuses --keywords without --entities, and a .txt output that has no columns', async () => {
    const input = await writeExport();
    const io = bufferedIo({ cwd: directory.path, env: apertium() });
    expect(await runCli(['translate', input, '--to', 'en', '--keywords', 'watchlist.csv'], io)).toBe(
      ExitCode.usage,
    );
    expect(io.err()).toContain('add --entities');
    const txt = bufferedIo({ cwd: directory.path, env: apertium() });
    const code = await runCli(
      ['translate', input, '--to', 'en', '--from', 'es', '--entities', '--out', 'out.txt'],
      txt,
    );
    expect(code).not.toBe(ExitCode.ok);
    expect(txt.err()).toContain('write .csv, .jsonl or .xlsx instead');
  }, 60_000);
});
