import { appendFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  correctionEntry,
  defaultPriceCatalogue,
  FxTable,
  ledgerEntriesFor,
  openFileLedger,
  priceUsage,
  unknownUsageEntry,
} from '@toex/costing';
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

const fxTable = FxTable.create([
  { from: 'USD', to: 'GBP', rate: '0.8145', date: '2026-10-01', source: 'finance' },
]);
const catalogue = defaultPriceCatalogue();
const s1 = catalogue.priceAt({ provider: 'azure', service: 'translator', sku: 'S1', date: '2026-11-22' });

async function sampleLedger(): Promise<{ directory: string; unknownId: string }> {
  const directory = await mkdtemp(join(tmpdir(), 'toex-report-'));
  const ledger = await openFileLedger(join(directory, 'costs.jsonl'));
  const charge = (characters: number, caseReference: string, organisation: string, time: string) =>
    ledgerEntriesFor(priceUsage({ entry: s1, quantity: characters, currency: 'GBP', fxTable, date: time }), {
      jobId: `J-${characters}`,
      caseReference,
      organisation,
      time,
      quantitySource: 'provider-reported',
    });
  await ledger.append(charge(550_000, 'OP-KESTREL', 'force-a', '2026-10-20T10:00:00Z'));
  await ledger.append(charge(233_000_000, 'OP-KESTREL', 'force-a', '2026-11-21T10:00:00Z'));
  await ledger.append(charge(1_000_000, 'OP-HERON', 'force-b', '2026-11-22T10:00:00Z'));
  const batch = catalogue.priceAt({ provider: 'azure', service: 'speech', sku: 'batch', date: '2026-11-22' });
  const unknown = unknownUsageEntry({
    entry: batch,
    unit: 'second',
    jobId: 'J-audio',
    caseReference: 'OP-HERON',
    organisation: 'force-b',
    currency: 'GBP',
    fxTable,
    time: '2026-11-22T11:00:00Z',
  });
  await ledger.append([unknown]);
  return { directory, unknownId: unknown.id };
}

describe('toex cost report', () => {
  it('totals by case with rounded amounts, marking unknown usage as a lower bound', async () => {
    const { directory } = await sampleLedger();
    const io = bufferedIo(directory);
    expect(await runCli(['cost', 'report', '--ledger', 'costs.jsonl'], io)).toBe(ExitCode.ok);
    const lines = io.out().split('\n');
    expect(lines[0]).toBe('Costs by case in costs.jsonl');
    expect(lines[2]).toMatch(/^OP-HERON\s+GBP\s+at least £8\.14\s+2\s+0\s+1$/);
    expect(lines[3]).toMatch(/^OP-KESTREL\s+GBP\s+£1,902\.26\s+2\s+0\s+0$/);
    expect(lines[4]).toMatch(/^total\s+GBP\s+at least £1,910\.41\s+4\s+0\s+1$/);
    expect(io.out()).toContain('Some usage is unknown');
  });

  it('totals by organisation, provider and month, exactly in JSON', async () => {
    const { directory } = await sampleLedger();
    const byMonth = bufferedIo(directory);
    await runCli(['cost', 'report', '--ledger', 'costs.jsonl', '--by', 'month', '--format', 'json'], byMonth);
    expect(
      JSON.parse(byMonth.out()).rows.map((row: { key: string; cost: string }) => [row.key, row.cost]),
    ).toEqual([
      ['2026-10', '4.47975'],
      ['2026-11', '1905.93'],
    ]);
    const byOrganisation = bufferedIo(directory);
    await runCli(
      ['cost', 'report', '--ledger', 'costs.jsonl', '--by', 'org', '--format', 'csv'],
      byOrganisation,
    );
    expect(byOrganisation.out().split('\n').slice(0, 3)).toEqual([
      'organisation,currency,cost,entries,corrections,estimatedEntries,unknownCostEntries,quantities',
      'force-a,GBP,1902.26475,2,0,0,0,"{""character"":""233550000""}"',
      'force-b,GBP,8.145,2,0,0,1,"{""character"":""1000000""}"',
    ]);
    const byProvider = bufferedIo(directory);
    await runCli(
      ['cost', 'report', '--ledger', 'costs.jsonl', '--by', 'provider', '--org', 'force-a'],
      byProvider,
    );
    expect(byProvider.out()).toMatch(/azure\s+GBP\s+£1,902\.26\s+2/);
  });

  it('exports every line as CSV, filtered by case and dates', async () => {
    const { directory } = await sampleLedger();
    const io = bufferedIo(directory);
    await runCli(
      [
        'cost',
        'report',
        '--ledger',
        'costs.jsonl',
        '--format',
        'csv',
        '--case',
        'OP-KESTREL',
        '--from',
        '2026-11-01',
      ],
      io,
    );
    const rows = io.out().trim().split('\n');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^id,time,kind,/);
    expect(rows[1]).toContain(',1897.785,GBP,');
  });

  it('refuses a FOCUS export with unsettled usage before writing anything, and exports once settled', async () => {
    const { directory, unknownId } = await sampleLedger();
    const refused = bufferedIo(directory);
    expect(await runCli(['cost', 'report', '--ledger', 'costs.jsonl', '--format', 'focus'], refused)).toBe(
      ExitCode.usage,
    );
    expect(refused.out()).toBe('');
    expect(refused.err()).toMatch(/has unknown usage, and a FOCUS row needs a cost/);

    const ledger = await openFileLedger(join(directory, 'costs.jsonl'));
    const unknown = (await ledger.readAll()).entries.find((entry) => entry.id === unknownId)!;
    await ledger.append([
      correctionEntry(unknown, { quantity: 3600, reason: 'batch report', time: '2026-11-23T00:00:00Z' }),
    ]);
    const io = bufferedIo(directory);
    expect(
      await runCli(
        [
          'cost',
          'report',
          '--ledger',
          'costs.jsonl',
          '--format',
          'focus',
          '--issuer',
          'National Translation Service',
        ],
        io,
      ),
    ).toBe(ExitCode.ok);
    const [header, ...rows] = io.out().trim().split('\n');
    expect(header?.startsWith('BilledCost,EffectiveCost,ListCost,ContractedCost,')).toBe(true);
    expect(rows).toHaveLength(4);
    expect(rows[3]).toContain('Correction');
    expect(rows[3]).toContain('National Translation Service');
  });

  it('loads every complete line of a ledger cut off by a crash, and says what it skipped', async () => {
    const { directory } = await sampleLedger();
    await appendFile(join(directory, 'costs.jsonl'), '{"formatVersion":1,"id":"torn');
    const io = bufferedIo(directory);
    expect(await runCli(['cost', 'report', '--ledger', 'costs.jsonl', '--by', 'org'], io)).toBe(ExitCode.ok);
    expect(io.err()).toBe('toex: warning: costs.jsonl:5: skipped a line cut off mid-write (a crash?).\n');
    expect(io.out()).toMatch(/force-a\s+GBP\s+£1,902\.26/);
  });

  it('explains usage mistakes with exit code 2', async () => {
    const { directory } = await sampleLedger();
    const cases: Array<[string[], RegExp]> = [
      [['cost', 'report'], /--ledger FILE\|URL is required/],
      [
        ['cost', 'report', '--ledger', 'costs.jsonl', '--by', 'force'],
        /--by must be case, org, provider, sku, job or month/,
      ],
      [
        ['cost', 'report', '--ledger', 'costs.jsonl', '--format', 'xlsx'],
        /--format must be table, csv, focus or json/,
      ],
      [
        ['cost', 'report', '--ledger', 'costs.jsonl', '--format', 'focus', '--by', 'case'],
        /--by does not apply to --format focus/,
      ],
      [
        ['cost', 'report', '--ledger', 'missing.jsonl'],
        /missing\.jsonl: cannot open the ledger file \(ENOENT\)/,
      ],
    ];
    for (const [argv, message] of cases) {
      const io = bufferedIo(directory);
      expect(await runCli(argv, io)).toBe(ExitCode.usage);
      expect(io.err()).toMatch(message);
    }
  });

  it('is listed in the help', async () => {
    const io = bufferedIo(process.cwd());
    await runCli(['--help'], io);
    expect(io.out()).toMatch(/toex cost report\s+Total a cost ledger/);
    expect(io.out()).toMatch(/toex cost estimate\s+Estimate the cost/);
  });
});
