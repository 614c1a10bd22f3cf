import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readManifest } from '@toex/core';
import { createAzureLanguageHandlers, createComprehendHandlers } from '@toex/entities/testing';
import { parse } from 'csv-parse/sync';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
    const budget = bufferedIo(directory);
    expect(await runCli(['entities', 'x.csv', '--budget', '5'], budget)).toBe(ExitCode.usage);
    expect(budget.err()).toContain('add --ner azure or --ner aws');
    const amount = bufferedIo(directory);
    expect(await runCli(['entities', 'x.csv', '--ner', 'azure', '--budget', '£5'], amount)).toBe(
      ExitCode.usage,
    );
    expect(amount.err()).toContain('--budget takes an amount');
  });
});

describe('toex entities --ner azure|aws', () => {
  const endpoint = 'https://toex-test.cognitiveservices.azure.com';
  const credentials = { accessKeyId: 'AKIDTESTKEY', secretAccessKey: 'test-secret-key' };
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  const csv =
    'Timestamp,Body\r\n2023-03-12,Jane Smith is in Leeds 😀\r\n2023-03-13,\r\n2023-03-14,call Acme Haulage\r\n';

  async function run(ner: string, env: Record<string, string>) {
    const directory = await mkdtemp(join(tmpdir(), 'toex-entities-ner-'));
    await writeFile(join(directory, 'chats.csv'), csv);
    const io = { ...bufferedIo(directory), env, fetch: globalThis.fetch };
    const code = await runCli(['entities', 'chats.csv', '--ner', ner], io);
    const rows = parse(await readFile(join(directory, 'chats.entities.csv')), {
      columns: true,
      bom: true,
    }) as Array<Record<string, string>>;
    const manifest = await readManifest(join(directory, 'chats.entities.csv.manifest.json'));
    return { code, io, rows, manifest };
  }

  it('sends texts to Azure AI Language with the key from the environment, and records it', async () => {
    const fake = createAzureLanguageHandlers({
      endpoint,
      apiKey: 'language-key',
      gazetteer: { 'Jane Smith': 'Person', Leeds: 'Location', 'Acme Haulage': 'Organization' },
    });
    server.use(...fake.handlers);
    const { code, io, rows, manifest } = await run('azure', {
      AZURE_LANGUAGE_KEY: 'language-key',
      AZURE_LANGUAGE_ENDPOINT: endpoint,
    });
    expect(code, io.err()).toBe(ExitCode.ok);
    expect(rows.map((row) => JSON.parse(row.entities!).map((f: { type: string }) => f.type))).toEqual([
      ['person', 'location'],
      [],
      ['organisation'],
    ]);
    // Rows are packed into one request (Azure takes 5 documents); the empty text is not sent.
    expect(fake.requests).toHaveLength(1);
    expect(
      (fake.requests[0]!.body as { analysisInput: { documents: unknown[] } }).analysisInput.documents,
    ).toHaveLength(2);
    expect(manifest.provider).toMatchObject({
      id: 'azure-language',
      endpoint: expect.stringContaining('toex-test'),
    });
    expect(manifest.counts).toMatchObject({ nerBilledUnits: 2 });
    expect(JSON.stringify(manifest)).not.toContain('language-key');
  });

  it('packs many rows into full Azure requests of at most 5 documents, rows kept in order', async () => {
    const fake = createAzureLanguageHandlers({
      endpoint,
      apiKey: 'language-key',
      gazetteer: { Leeds: 'Location' },
    });
    server.use(...fake.handlers);
    const directory = await mkdtemp(join(tmpdir(), 'toex-entities-ner-'));
    const lines = Array.from(
      { length: 23 },
      (_, index) =>
        `2023-03-${String(index + 1).padStart(2, '0')},${index % 2 === 0 ? 'in Leeds' : 'nothing'} ${index}`,
    );
    await writeFile(join(directory, 'chats.csv'), `Timestamp,Body\r\n${lines.join('\r\n')}\r\n`);
    const io = {
      ...bufferedIo(directory),
      env: { AZURE_LANGUAGE_KEY: 'language-key', AZURE_LANGUAGE_ENDPOINT: endpoint },
      fetch: globalThis.fetch,
    };
    expect(await runCli(['entities', 'chats.csv', '--ner', 'azure'], io), io.err()).toBe(ExitCode.ok);
    const sizes = fake.requests.map(
      (request) =>
        (request.body as { analysisInput: { documents: unknown[] } }).analysisInput.documents.length,
    );
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(23);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(5);
    expect(fake.requests).toHaveLength(5); // ⌈23 / 5⌉, not one request per row
    const rows = parse(await readFile(join(directory, 'chats.entities.csv')), {
      columns: true,
      bom: true,
    }) as Array<Record<string, string>>;
    expect(rows.map((row) => row.Body)).toEqual(lines.map((line) => line.split(',')[1]));
    rows.forEach((row, index) => {
      const found = (
        JSON.parse(row.entities!) as Array<{ type: string; text: string; start: number }>
      ).filter((finding) => finding.type === 'location');
      expect(
        found.map((finding) => row.Body!.slice(finding.start, finding.start + finding.text.length)),
      ).toEqual(index % 2 === 0 ? ['Leeds'] : []);
    });
    const manifest = await readManifest(join(directory, 'chats.entities.csv.manifest.json'));
    expect(manifest.counts).toMatchObject({ nerBilledUnits: 23 });
    // 23 text records at the catalogue's $1.00 per 1,000.
    expect(manifest.cost).toEqual({ amount: '0.023', currency: 'USD', estimated: true });
  });

  /**
   * 23 one-record rows mentioning Leeds, an Azure AI Language fake that knows Leeds, and a CLI io with
   * its endpoint and `key` in the environment.
   */
  async function twentyThreeRows() {
    const fake = createAzureLanguageHandlers({
      endpoint,
      apiKey: 'language-key',
      gazetteer: { Leeds: 'Location' },
    });
    server.use(...fake.handlers);
    const directory = await mkdtemp(join(tmpdir(), 'toex-entities-ner-'));
    const lines = Array.from(
      { length: 23 },
      (_, index) => `2023-04-${String(index + 1).padStart(2, '0')},in Leeds ${index}`,
    );
    await writeFile(join(directory, 'chats.csv'), `Timestamp,Body\r\n${lines.join('\r\n')}\r\n`);
    const read = async () =>
      parse(await readFile(join(directory, 'chats.entities.csv')), { columns: true, bom: true }) as Array<
        Record<string, string>
      >;
    const io = (key = 'language-key') => ({
      ...bufferedIo(directory),
      env: { AZURE_LANGUAGE_KEY: key, AZURE_LANGUAGE_ENDPOINT: endpoint },
      fetch: globalThis.fetch,
    });
    return { fake, directory, read, io };
  }

  it('estimates the cost before sending, and with --estimate sends nothing', async () => {
    const job = await twentyThreeRows();
    const { fake, directory } = job;
    const io = job.io();
    expect(await runCli(['entities', 'chats.csv', '--ner', 'azure', '--estimate'], io), io.err()).toBe(
      ExitCode.ok,
    );
    expect(io.err()).toMatch(/estimate: 23 text-records for named entities, 0\.023 USD at list price/);
    expect(fake.requests).toHaveLength(0);
    await expect(readFile(join(directory, 'chats.entities.csv'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('stops before a request would take the job over --budget: later rows keep identifiers, marked, exit 3', async () => {
    const job = await twentyThreeRows();
    const { fake, directory, read } = job;
    const io = job.io();
    // $1.00 per 1,000 records: a request of 5 one-record documents costs $0.005, so $0.012 buys two.
    const code = await runCli(
      [
        'entities',
        'chats.csv',
        '--ner',
        'azure',
        '--budget',
        '0.012',
        '--ledger',
        'ledger.jsonl',
        '--org',
        'West Mercia',
        '--case',
        'OP-7',
      ],
      io,
    );
    expect(code, io.err()).toBe(ExitCode.budget);
    expect(fake.requests).toHaveLength(2);
    const rows = await read();
    expect(rows).toHaveLength(23);
    expect(rows.map((row) => row.toex_status)).toEqual([
      ...Array(10).fill('ok'),
      ...Array(13).fill('failed:budget_exceeded'),
    ]);
    // A refused row still has what the local recognizers found; only names are missing.
    expect(JSON.parse(rows[22]!.entities!)).toEqual([]);
    expect(JSON.parse(rows[0]!.entities!).map((finding: { type: string }) => finding.type)).toEqual([
      'location',
    ]);
    const manifest = await readManifest(join(directory, 'chats.entities.csv.manifest.json'));
    expect(manifest.counts).toMatchObject({ nerBilledUnits: 10, nerEstimatedUnits: 23, failedRows: 13 });
    expect(manifest.cost).toEqual({ amount: '0.01', currency: 'USD', estimated: true });
    expect(io.err()).toMatch(/budget of 0\.012 USD would be exceeded/);
    // The ledger line is what the two answered requests billed, charged to the case and force.
    const ledger = (await readFile(join(directory, 'ledger.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      jobId: manifest.job.id,
      organisation: 'West Mercia',
      caseReference: 'OP-7',
      provider: 'azure',
      service: 'language',
      quantity: '10',
      cost: '0.01',
      currency: 'USD',
    });
  });

  it('reruns after a spent budget pay only for the rows not yet answered', async () => {
    const { fake, directory, read, io } = await twentyThreeRows();
    const ledgerArgs = ['--ledger', 'ledger.jsonl', '--org', 'West Mercia'];
    const first = io();
    expect(
      await runCli(['entities', 'chats.csv', '--ner', 'azure', '--budget', '0.012', ...ledgerArgs], first),
    ).toBe(ExitCode.budget);
    expect(fake.requests).toHaveLength(2);

    const second = io();
    const code = await runCli(
      ['entities', 'chats.csv', '--ner', 'azure', '--budget', '0.015', ...ledgerArgs],
      second,
    );
    expect(code, second.err()).toBe(ExitCode.ok);
    expect(second.err()).toMatch(
      /estimate: 13 text-records .* \(10 more already paid for: answered from the cache\)/,
    );
    // 13 rows left: three more requests, none for the 10 rows already answered.
    expect(fake.requests).toHaveLength(5);
    const rows = await read();
    expect(rows.every((row) => row.toex_status === 'ok')).toBe(true);
    expect(rows.map((row) => JSON.parse(row.entities!).length)).toEqual(Array(23).fill(1));
    // Both runs together cost what one run of 23 records would: 0.01 + 0.013.
    const ledger = (await readFile(join(directory, 'ledger.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { quantity: string; cost: string });
    expect(ledger.map((entry) => [entry.quantity, entry.cost])).toEqual([
      ['10', '0.01'],
      ['13', '0.013'],
    ]);
    const manifest = await readManifest(join(directory, 'chats.entities.csv.manifest.json'));
    expect(manifest.counts).toMatchObject({ nerBilledUnits: 13, nerCachedUnits: 10 });
  });

  it('marks every row when the provider refuses the key, writes them all, and exits 4', async () => {
    const job = await twentyThreeRows();
    const { read } = job;
    const io = job.io('wrong-key');
    const code = await runCli(['entities', 'chats.csv', '--ner', 'azure', '--column', 'Body'], io);
    expect(code, io.err()).toBe(ExitCode.failedRows);
    const rows = await read();
    expect(rows.map((row) => row.Body)).toEqual(
      Array.from({ length: 23 }, (_, index) => `in Leeds ${index}`),
    );
    expect(new Set(rows.map((row) => row.toex_status))).toEqual(new Set(['failed:http_401']));
    expect(io.err()).toMatch(/named entities: .*401/);
    expect(io.err()).not.toContain('wrong-key');
  });

  it('sends texts to Amazon Comprehend, signed with the keys from the environment', async () => {
    const fake = createComprehendHandlers({
      credentials,
      gazetteer: { 'Jane Smith': 'PERSON', Leeds: 'LOCATION', 'Acme Haulage': 'ORGANIZATION' },
    });
    server.use(...fake.handlers);
    const { code, io, rows, manifest } = await run('aws', {
      AWS_REGION: 'eu-west-2',
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    });
    expect(code, io.err()).toBe(ExitCode.ok);
    const first = JSON.parse(rows[0]!.entities!) as Array<{ type: string; text: string }>;
    expect(first.map((finding) => [finding.type, finding.text])).toEqual([
      ['person', 'Jane Smith'],
      ['location', 'Leeds'],
    ]);
    expect(manifest.provider).toMatchObject({ id: 'aws-comprehend' });
    expect(manifest.counts).toMatchObject({ nerBilledUnits: 6 }); // 2 requests × the 3-unit minimum
    // At the catalogue's list price, $0.0001 a unit (marked unconfirmed there), and labelled an estimate.
    expect(manifest.cost).toEqual({ amount: '0.0006', currency: 'USD', estimated: true });
    expect(JSON.stringify(manifest)).not.toContain(credentials.secretAccessKey);
  });

  it('fails with a non-zero exit and says which variable is missing when Azure is not configured', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'toex-entities-ner-'));
    await writeFile(join(directory, 'chats.csv'), csv);
    const io = { ...bufferedIo(directory), env: {}, fetch: globalThis.fetch };
    expect(await runCli(['entities', 'chats.csv', '--ner', 'azure'], io)).toBe(ExitCode.usage);
    expect(io.err()).toContain('AZURE_LANGUAGE_ENDPOINT');
    // The job stops on the configuration, not later on a manifest it cannot write.
    expect(io.err()).not.toContain('manifest');
    const aws = { ...bufferedIo(directory), env: {}, fetch: globalThis.fetch };
    expect(await runCli(['entities', 'chats.csv', '--ner', 'aws'], aws)).toBe(ExitCode.usage);
    expect(aws.err()).toContain('AWS_REGION');
    expect(aws.err()).not.toContain('manifest');
  });
});
