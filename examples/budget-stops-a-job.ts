/**
 * A budget stopping a job, offline: a stand-in engine that answers at once and bills like Azure
 * Translator S1 ($10 per million characters), so the shipped price catalogue prices it.
 *
 * Shows: estimateTranslation for the figure, then translateFile with `budget.job` at half of it. Each
 * request's cost is reserved before it is sent, and the job never goes over the cap: the request that
 * would cross it is cut to the texts the rest of the budget pays for, so about half the job is done.
 * Every row is still written: what was not translated is marked `failed:budget_exceeded`, and
 * `stoppedBy` says why (the `toex` command exits 3). A rerun with a larger budget sends only those rows.
 *
 * Run (after `npm ci && npm run build`; offline, no server needed):
 *   cd examples && npx tsx budget-stops-a-job.ts
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Decimal } from '@toex/costing';
import { estimateTranslation, type TranslationProvider, translateFile } from '@toex/translate';
import { parse } from 'csv-parse/sync';
import { outputDirectory, sampleExport } from './support/paths';

// Echoes each text in capitals. Its `billing` names Azure's catalogue entry, so it costs what Azure would.
const standIn: TranslationProvider = {
  id: 'stand-in',
  apiVersion: '1',
  endpoint: 'memory://stand-in',
  limits: { maxItemsPerRequest: 4, maxCharactersPerRequest: 50_000, charactersCountPerTarget: true },
  capabilities: { detectsLanguage: false, multipleTargets: true, glossary: 'none' },
  billing: {
    provider: 'azure',
    service: 'translator',
    sku: 'S1',
    characterCounting: 'utf16',
    billedPerTarget: true,
    billsMarkup: true,
  },
  async translate(request) {
    return {
      items: request.texts.map((text) => ({
        translations: Object.fromEntries(request.to.map((target) => [target, text.toUpperCase()])),
      })),
      warnings: [],
    };
  },
};

const directory = outputDirectory('budget-stops-a-job');
const job = {
  input: sampleExport,
  output: join(directory, 'export.translated.csv'),
  provider: standIn,
  to: ['en'],
  from: 'es',
  cache: join(directory, '.toex-cache'),
};

const estimate = await estimateTranslation(job);
const cap = Decimal.from(estimate.cost!.amount).divide(2, { scale: 6, rounding: 'down' }).toString();
console.log(
  `Estimate: ${estimate.billableCharacters} characters, ${estimate.cost!.amount} ${estimate.cost!.currency}`,
);
console.log(`Budget:   ${cap} ${estimate.cost!.currency} (half the estimate)`);

const result = await translateFile({ ...job, budget: { job: cap } });
console.log(`Spent:    ${result.cost?.amount} ${result.cost?.currency} in ${result.requests} request(s)`);
if (result.stoppedBy !== undefined) console.log(`Stopped:  ${result.stoppedBy.message}`);

// Every row is in the output, with its status.
const statuses = new Map<string, number>();
// The sample export has a preamble above its header; the header row names the columns.
const records = parse(await readFile(result.outputPath, 'utf8'), { relax_column_count: true }) as string[][];
const header = records.findIndex((record) => record.includes('toex_status'));
const statusColumn = records[header]!.indexOf('toex_status');
for (const record of records.slice(header + 1)) {
  const status = record[statusColumn]!;
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
}
console.log(
  `Rows:     ${result.rows}: ${[...statuses].map(([status, count]) => `${count} ${status}`).join(', ')}`,
);
