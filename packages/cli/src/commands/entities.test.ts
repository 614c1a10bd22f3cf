import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readManifest } from '@toex/core';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type CliIo, ExitCode } from '../io';
import { runCli } from '../main';

function bufferedIo(cwd: string): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (chunk: string) => (out += chunk) },
    stderr: { write: (chunk: string) => (err += chunk) },
    env: {},
    cwd,
    out: () => out,
    err: () => err,
  };
}

const exportCsv = [
  'Timestamp,From,To,Body',
  '2023-03-12T14:05:00Z,Ahmed <07911 123456>,+44 7911 654321,"ring 07700 900123, pay GB29 NWBK 6016 1331 9268 19"',
  '2023-03-12T14:06:00Z,+447911654321,07911123456,ok',
  '2023-03-12T14:07:00Z,+447911654321,07911123456,"=HYPERLINK(""http://evil.example"") got the charlie 😀 at SW1A 1AA"',
  '2023-03-12T14:08:00Z,07911123456,+447911654321,"مُخَدِّرَات غداً, order #07911123456"',
].join('\r\n');

describe('toex entities', () => {
  it('writes every row in order with entities and keyword hits, an index, a network and a manifest', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'toex-entities-'));
    await writeFile(join(directory, 'chats.csv'), exportCsv);
    await writeFile(
      join(directory, 'watchlist.csv'),
      'term,category,aliases\ncocaine,drugs,charlie\nمخدرات,drugs,\n',
    );
    const io = bufferedIo(directory);
    const code = await runCli(
      [
        'entities',
        'chats.csv',
        '--column',
        'Body',
        '--keywords',
        'watchlist.csv',
        '--index',
        'index.csv',
        '--network',
        'network.graphml',
      ],
      io,
    );
    expect(code, io.err()).toBe(ExitCode.ok);
    expect(io.err()).toContain('searching');

    const output = join(directory, 'chats.entities.csv');
    const bytes = await readFile(output);
    const records = parse(bytes.toString('utf8').replace(/^\uFEFF/, ''), { columns: true }) as Array<
      Record<string, string>
    >;
    expect(records.map((record) => record.Timestamp)).toEqual([
      '2023-03-12T14:05:00Z',
      '2023-03-12T14:06:00Z',
      '2023-03-12T14:07:00Z',
      '2023-03-12T14:08:00Z',
    ]);
    const entities = records.map(
      (record) =>
        JSON.parse(record.entities!) as Array<{
          type: string;
          text: string;
          start: number;
          end: number;
          normalized: string;
        }>,
    );
    expect(entities[0]!.map((finding) => [finding.type, finding.normalized])).toEqual([
      ['phone', '+447700900123'],
      ['iban', 'GB29NWBK60161331926819'],
    ]);
    expect(entities[1]).toEqual([]);
    // Offsets index the original cell (read back from the output, formula neutralisation aside).
    const body = records[2]!.Body!.replace(/^'/, '');
    for (const finding of entities[2]!) expect(body.slice(finding.start, finding.end)).toBe(finding.text);
    expect(records[2]!.Body!.startsWith("'=HYPERLINK")).toBe(true);
    expect(records[2]!.keyword_hits).toBe('cocaine [drugs]');
    expect(records[3]!.keyword_hits).toBe('مخدرات [drugs]');
    // An order number is not a phone.
    expect(entities[3]!.some((finding) => finding.type === 'phone')).toBe(false);

    const manifest = await readManifest(`${output}.manifest.json`);
    expect(manifest.kind).toBe('entities');
    expect(manifest.output.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(manifest.counts).toMatchObject({ rows: 4, keywordHits: 2 });
    expect(manifest.additionalOutputs.map((file) => file.path)).toEqual([
      join(directory, 'index.csv'),
      join(directory, 'network.graphml'),
    ]);

    const index = await readFile(join(directory, 'index.csv'), 'utf8');
    expect(index).toContain('keyword,cocaine,1,3,2023-03-12T14:07:00Z,2023-03-12T14:07:00Z');
    const graphml = await readFile(join(directory, 'network.graphml'), 'utf8');
    expect(graphml).toContain('<data key="label">+447911123456</data>');
    expect(graphml).toMatch(/<data key="linkType">message<\/data><data key="weight">2<\/data>/);
  });

  it('refuses an unknown --ner and a missing input with usage and input exit codes', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'toex-entities-'));
    const io = bufferedIo(directory);
    expect(await runCli(['entities', 'x.csv', '--ner', 'spacy'], io)).toBe(ExitCode.usage);
    expect(io.err()).toContain('unknown --ner "spacy"');
    expect(await runCli(['entities', 'missing.csv'], bufferedIo(directory))).toBe(ExitCode.usage);
  });
});
