import type { ChildProcessByStdio } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createAzureTranslator, estimateTranslation } from '@toex/translate';
import { runInChild, startChild } from '../child/run-in-child';
import { ensureExport, type GeneratedExport } from '../data/ensure-export';
import { scratchDirectory } from '../paths';
import { formatNumber } from '../report/table';
import type { QuotaScenario } from '../settings';
import type { QuotaClientResult, QuotaClientSpec } from './quota-client';
import {
  azureRequestLimits,
  portLinePrefix,
  type StandInSettings,
  type StandInStats,
} from './stand-in-protocol';

/** One quota scenario's figures. */
export interface QuotaResult {
  scenario: QuotaScenario;
  latencyMs: number;
  input: GeneratedExport;
  /** What `estimateTranslation` said the job would bill, before it ran. */
  estimatedCharacters: number;
  client: QuotaClientResult;
  server: StandInStats;
}

/** Characters of generated export billed per row, roughly, for a first guess at the rows needed. */
const firstGuessCharactersPerRow = 27;

/**
 * Runs every scenario at once (they spend nearly all their time waiting for quota, so they do not
 * disturb each other): for each, an export sized to need `minutesOfWork` minutes of quota, a stand-in
 * in one child process and `translateFile` in another.
 */
export async function runQuota(options: {
  scenarios: readonly QuotaScenario[];
  latencyMs: number;
  log: (line: string) => void;
}): Promise<QuotaResult[]> {
  await mkdir(scratchDirectory, { recursive: true });
  const prepared: Array<{ scenario: QuotaScenario; input: GeneratedExport; estimatedCharacters: number }> =
    [];
  for (const scenario of options.scenarios) {
    prepared.push({ scenario, ...(await exportFor(scenario)) });
  }
  return Promise.all(
    prepared.map(async ({ scenario, input, estimatedCharacters }, index) => {
      options.log(
        `quota ${formatNumber(scenario.charactersPerMinute)} chars/min: ${formatNumber(input.rows)} rows, ` +
          `${formatNumber(estimatedCharacters)} characters to bill, about ${formatNumber(estimatedCharacters / scenario.charactersPerMinute, 1)} minutes of quota`,
      );
      const result = await runScenario(scenario, options.latencyMs, input, index);
      options.log(
        `quota ${formatNumber(scenario.charactersPerMinute)} chars/min: done in ${formatNumber(result.client.seconds, 1)} s, ` +
          `${result.server.accepted.length} requests accepted, ${result.server.throttled} throttled`,
      );
      return { ...result, estimatedCharacters };
    }),
  );
}

/** An export whose billable characters are about `minutesOfWork` minutes of the scenario's quota. */
async function exportFor(
  scenario: QuotaScenario,
): Promise<{ input: GeneratedExport; estimatedCharacters: number }> {
  const target = scenario.charactersPerMinute * scenario.minutesOfWork;
  let rows = Math.ceil(target / firstGuessCharactersPerRow);
  let input = await ensureExport(rows);
  let estimatedCharacters = await billableCharacters(input.path);
  // Repetition makes characters per row depend on the size; one correction lands within a few per cent.
  if (Math.abs(estimatedCharacters - target) > target * 0.03) {
    rows = Math.round(rows * (target / estimatedCharacters));
    input = await ensureExport(rows);
    estimatedCharacters = await billableCharacters(input.path);
  }
  return { input, estimatedCharacters };
}

async function billableCharacters(path: string): Promise<number> {
  const estimate = await estimateTranslation({
    input: path,
    provider: createAzureTranslator({
      apiKey: 'unused',
      region: 'westeurope',
      endpoint: 'http://127.0.0.1:9',
    }),
    to: ['en'],
  });
  return estimate.billableCharacters;
}

async function runScenario(
  scenario: QuotaScenario,
  latencyMs: number,
  input: GeneratedExport,
  index: number,
): Promise<{
  scenario: QuotaScenario;
  latencyMs: number;
  input: GeneratedExport;
  client: QuotaClientResult;
  server: StandInStats;
}> {
  const settings: StandInSettings = { latencyMs, charactersPerMinute: scenario.charactersPerMinute };
  const server = startChild('azure-stand-in', settings);
  try {
    const port = await portOf(server);
    const endpoint = `http://127.0.0.1:${port}`;
    const spec: QuotaClientSpec = {
      input: input.path,
      output: join(scratchDirectory, `quota-${index}.csv`),
      endpoint,
      charactersPerMinute: scenario.charactersPerMinute,
    };
    const client = await runInChild<QuotaClientResult>('quota-client', spec);
    const response = await fetch(`${endpoint}/stats`);
    const stats = (await response.json()) as StandInStats;
    return { scenario, latencyMs, input, client, server: stats };
  } finally {
    server.kill();
  }
}

function portOf(server: ChildProcessByStdio<null, Readable, null>): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    server.stdout.setEncoding('utf8');
    server.stdout.on('data', (text: string) => {
      buffered += text;
      const line = buffered.split('\n').find((candidate) => candidate.startsWith(portLinePrefix));
      if (line !== undefined) resolve(Number(line.slice(portLinePrefix.length)));
    });
    server.once('exit', (code) => reject(new Error(`The stand-in exited (code ${code}) before listening.`)));
  });
}

/**
 * The per-request character cap the job packs to: the quota split evenly over the fewest requests within
 * Azure's limit that fill a minute (`pacedRequestCharacters` in the job), so 30,000 for a 60,000 quota,
 * Azure's 50,000 for 600,000, the quota itself when below 50,000. Requests of the full 50,000 would leave
 * 10,000 of every 60,000-character minute unused.
 */
export function perRequestCap(scenario: QuotaScenario): number {
  const quota = scenario.charactersPerMinute;
  return Math.floor(quota / Math.ceil(quota / azureRequestLimits.maxCharacters));
}
