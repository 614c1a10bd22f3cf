import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type CliIo, ExitCode } from '../io';
import { runCli } from '../main';

function bufferedIo(cwd: string): CliIo & { err: () => string } {
  let err = '';
  return {
    stdout: { write: () => {} },
    stderr: { write: (chunk: string) => (err += chunk) },
    env: {},
    cwd,
    err: () => err,
  };
}

const first = [
  'Timestamp,From,Body',
  '2023-03-12T14:05:00Z,Ahmed,"ring 07700 900123 or mail kay.lee@example.org, pay GB29 NWBK 6016 1331 9268 19"',
  '2023-03-12T14:06:00Z,Sam,ok 👍',
  '2023-03-12T14:07:00Z,Ahmed,"again +44 7700 900123 — got the charlie at SW1A 1AA"',
].join('\r\n');
const second = [
  'Timestamp,From,Body',
  '2023-03-13T09:00:00Z,Sam,"new number 07700 900456, old one 07700900123"',
].join('\r\n');
const originals = [
  '07700 900123',
  '+44 7700 900123',
  '07700900123',
  'kay.lee@example.org',
  'GB29 NWBK',
  'charlie',
  '07700 900456',
];

describe('toex redact', () => {
  it('replaces findings by pseudonyms shared across runs of one case and keeps the mapping apart, 0600', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'toex-redact-'));
    await writeFile(join(directory, 'a.csv'), first);
    await writeFile(join(directory, 'b.csv'), second);
    await writeFile(join(directory, 'watchlist.csv'), 'term,category,aliases\ncocaine,drugs,charlie\n');
    const io = bufferedIo(directory);
    const run = (input: string, out: string) =>
      runCli(
        [
          'redact',
          input,
          '--column',
          'Body',
          '--keywords',
          'watchlist.csv',
          '--case',
          'OP-ALPHA-7',
          '--out',
          out,
        ],
        io,
      );
    expect(await run('a.csv', 'a.redacted.csv'), io.err()).toBe(ExitCode.ok);
    expect(await run('b.csv', 'b.redacted.csv'), io.err()).toBe(ExitCode.ok);

    const a = parse((await readFile(join(directory, 'a.redacted.csv'), 'utf8')).replace(/^\uFEFF/, ''));
    expect(a).toEqual([
      ['Timestamp', 'From', 'Body'],
      ['2023-03-12T14:05:00Z', 'Ahmed', 'ring PHONE-0001 or mail EMAIL-0001, pay IBAN-0001'],
      ['2023-03-12T14:06:00Z', 'Sam', 'ok 👍'],
      ['2023-03-12T14:07:00Z', 'Ahmed', 'again PHONE-0001 — got the KEYWORD-0001 at UK-POSTCODE-0001'],
    ]);
    const b = parse((await readFile(join(directory, 'b.redacted.csv'), 'utf8')).replace(/^\uFEFF/, ''));
    expect(b[1]).toEqual(['2023-03-13T09:00:00Z', 'Sam', 'new number PHONE-0002, old one PHONE-0001']);

    const mappingPath = join(directory, '.toex-redaction', 'OP-ALPHA-7.jsonl');
    expect((await stat(mappingPath)).mode & 0o777).toBe(0o600);
    const mapping = await readFile(mappingPath, 'utf8');
    expect(mapping).toContain('+447700900123');
    expect(mapping).toContain('kay.lee@example.org');

    for (const file of [
      'a.redacted.csv',
      'a.redacted.csv.manifest.json',
      'b.redacted.csv',
      'b.redacted.csv.manifest.json',
    ]) {
      const content = await readFile(join(directory, file), 'utf8');
      for (const original of [...originals, '+447700900123', '+447700900456']) {
        expect(content.includes(original), `${original} in ${file}`).toBe(false);
      }
    }
    const manifest = JSON.parse(await readFile(join(directory, 'a.redacted.csv.manifest.json'), 'utf8'));
    expect(manifest.counts).toMatchObject({ rows: 3, replaced: 6, rowsRedacted: 2 });
    expect(JSON.stringify(manifest)).not.toContain('.toex-redaction');
  });

  it('refuses an unknown type and a missing --out with a usage error', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'toex-redact-'));
    await writeFile(join(directory, 'a.csv'), first);
    const io = bufferedIo(directory);
    expect(await runCli(['redact', 'a.csv', '--types', 'phone,shoe', '--out', 'x.csv'], io)).toBe(
      ExitCode.usage,
    );
    expect(io.err()).toContain('shoe');
    expect(await runCli(['redact', 'a.csv'], io)).toBe(ExitCode.usage);
    expect(io.err()).toContain('--out');
  });
});
