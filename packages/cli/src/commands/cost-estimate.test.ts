import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliIo, ExitCode } from '../io';
import { runCli } from '../main';

function bufferedIo(cwd = process.cwd()): CliIo & { out: () => string; err: () => string } {
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

const s1 = [
  'cost',
  'estimate',
  '--provider',
  'azure',
  '--service',
  'translator',
  '--sku',
  'S1',
  '--date',
  '2026-11-22',
];

describe('toex cost estimate', () => {
  it('prices 550,000 characters of Azure S1 at £4.48 with the rate and source shown', async () => {
    const io = bufferedIo();
    const code = await runCli(
      [...s1, '--quantity', '550000', '--currency', 'GBP', '--fx', 'USD:GBP=0.8145@2026-11-01'],
      io,
    );
    expect(code).toBe(ExitCode.ok);
    expect(io.out()).toContain('Quantity     550,000 characters');
    expect(io.out()).toContain('Price        10 USD per 1,000,000 characters = 8.145 GBP');
    expect(io.out()).toContain('FX rate      USD→GBP 0.8145 (rate of 2026-11-01; --fx on the command line)');
    expect(io.out()).toContain('Cost         £4.48  (exact 4.47975 GBP, rounded half-even once for display)');
    expect(io.out()).toMatch(/Source {7}https:\/\/azure\.microsoft\.com\/.* \(checked 2026-11; secondary\)/);
  });

  it("estimates in the price list's currency when no currency is asked for, needing no rate", async () => {
    const io = bufferedIo();
    expect(await runCli([...s1, '--quantity', '550000'], io)).toBe(ExitCode.ok);
    expect(io.out()).toContain('Cost         US$5.50  (exact 5.50 USD');
  });

  it('prints exact amounts and the rate as JSON', async () => {
    const io = bufferedIo();
    await runCli(
      [
        ...s1,
        '--quantity',
        '233000000',
        '--currency',
        'GBP',
        '--fx',
        'USD:GBP=0.8145',
        '--format',
        'json',
        '--rounding',
        'half-up',
      ],
      io,
    );
    const result = JSON.parse(io.out());
    expect(result.cost).toEqual({ low: '1897.785', high: '1897.785' });
    expect(result.costRounded).toEqual({ low: '1897.79', high: '1897.79' });
    expect(result.fxRate).toEqual({
      from: 'USD',
      to: 'GBP',
      rate: '0.8145',
      date: '2026-11-22',
      source: '--fx on the command line',
    });
    expect(result.catalogueVersion).toBe('toex-2026-11');
  });

  it('estimates a range, tiers and a human comparison', async () => {
    const io = bufferedIo();
    await runCli(
      [
        ...s1,
        '--quantity',
        '500000..600000',
        '--currency',
        'GBP',
        '--fx',
        'USD:GBP=0.8145',
        '--words',
        '21000',
      ],
      io,
    );
    expect(io.out()).toContain('Cost         £4.07 to £4.89');
    expect(io.out()).toContain('Human        £2,100.00 for 21,000 words, about 10.5 working days');
    expect(io.out()).toContain('Price: Legal Aid Agency guidance, £100 per 1,000 words');
    const tiers = bufferedIo();
    await runCli(
      [
        'cost',
        'estimate',
        '--provider',
        'azure',
        '--service',
        'language',
        '--sku',
        'text-records',
        '--quantity',
        '200000',
        '--used-this-month',
        '400000',
        '--currency',
        'USD',
        '--date',
        '2026-11-22',
      ],
      tiers,
    );
    expect(tiers.out()).toContain(
      'Tier 2       100,000 text-records at 0.75 USD per 1,000 text-records: 75 USD',
    );
    expect(tiers.out()).toContain('Cost         US$175.00');
  });

  it('layers a JSON price file and reads a rate file', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'toex-cli-'));
    await writeFile(
      join(directory, 'contract.json'),
      JSON.stringify({
        version: 'contract-2027',
        entries: [
          {
            provider: 'azure',
            service: 'translator',
            sku: 'S1',
            description: 'EA price',
            unit: 'character',
            unitSize: '1000000',
            unitPrice: '7.50',
            currency: 'GBP',
            effectiveFrom: '2026-11-01',
            source: { checked: '2026-11-20', confidence: 'contract' },
          },
        ],
      }),
    );
    await writeFile(
      join(directory, 'rates.json'),
      JSON.stringify({
        rates: [{ from: 'EUR', to: 'GBP', rate: '0.8571', date: '2026-11-01', source: 'finance' }],
      }),
    );
    const io = bufferedIo(directory);
    expect(await runCli([...s1, '--quantity', '1000000', '--prices', 'contract.json'], io)).toBe(ExitCode.ok);
    expect(io.out()).toContain('Cost         £7.50');
    expect(io.out()).toContain('catalogue contract-2027, entry azure/translator/S1@2026-11-01');
    const deepl = bufferedIo(directory);
    await runCli(
      [
        'cost',
        'estimate',
        '--provider',
        'deepl',
        '--service',
        'translator',
        '--sku',
        'pro',
        '--quantity',
        '1000000',
        '--currency',
        'GBP',
        '--fx-file',
        'rates.json',
        '--date',
        '2026-11-22',
      ],
      deepl,
    );
    expect(deepl.out()).toContain('Cost         £17.14  (exact 17.142 GBP');
  });

  it('explains usage mistakes with exit code 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['cost', 'estimate', '--provider', 'azure'], /--service is required/],
      [[...s1, '--quantity', '1,000'], /--quantity must be a number or LOW\.\.HIGH/],
      [[...s1, '--quantity', '1', '--fx', 'USD/GBP 0.8'], /--fx must look like USD:GBP=0\.8145@2026-11-01/],
      [[...s1, '--quantity', '1', '--unit', 'furlong'], /--unit "furlong" is not a unit/],
      [[...s1, '--quantity', '1', '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [argv, message] of cases) {
      const io = bufferedIo();
      expect(await runCli(argv, io)).toBe(ExitCode.usage);
      expect(io.err()).toMatch(message);
    }
  });

  it('names what the catalogue holds when a price or rate is missing', async () => {
    const missingPrice = bufferedIo();
    expect(
      await runCli(
        [
          'cost',
          'estimate',
          '--provider',
          'azure',
          '--service',
          'translator',
          '--sku',
          'S9',
          '--quantity',
          '1',
        ],
        missingPrice,
      ),
    ).toBe(ExitCode.usage);
    expect(missingPrice.err()).toMatch(
      /No price for azure\/translator\/S9 .* For azure it holds: .*azure\/translator\/S1/,
    );
    const missingRate = bufferedIo();
    expect(await runCli([...s1, '--quantity', '1', '--currency', 'GBP'], missingRate)).toBe(ExitCode.usage);
    expect(missingRate.err()).toMatch(/No USD→GBP exchange rate dated on or before 2026-11-22/);
  });
});
