/**
 * Estimate what a paid translation would cost before anything is sent: no key, no network.
 *
 * Shows: estimateTranslation against Azure Translator and DeepL prices, in the price list's currency
 * (USD for Azure, EUR for DeepL) and in pounds at an exchange rate you give. The estimate runs the same
 * reading, skipping, dedupe, translation-memory lookup and packing as a real job, so its characters and
 * requests are what the job would send.
 *
 * Run (after `npm ci && npm run build`; offline, needs no key):
 *   cd examples && npx tsx estimate-cost.ts
 */
import { FxTable } from '@toex/costing';
import { createAzureTranslator, createDeeplTranslator, estimateTranslation } from '@toex/translate';
import { sampleExport } from './support/paths';

// Keys are read only when a request is sent, so an estimate needs none.
const providers = [createAzureTranslator(), createDeeplTranslator()];

// Rates are yours to give, dated and sourced: toex never looks one up on the network.
// Azure's list prices are in USD, DeepL's in EUR.
const fxTable = FxTable.create([
  { from: 'USD', to: 'GBP', rate: '0.79', date: '2026-12-01', source: 'Example rate, not for real use' },
  { from: 'EUR', to: 'GBP', rate: '0.86', date: '2026-12-01', source: 'Example rate, not for real use' },
]);

for (const provider of providers) {
  // In the price list's currency: no rate needed.
  const estimate = await estimateTranslation({ input: sampleExport, provider, to: ['en', 'fr'] });
  // In pounds: a currency other than the price list's needs a rate.
  const inPounds = await estimateTranslation({
    input: sampleExport,
    provider,
    to: ['en', 'fr'],
    costing: { currency: 'GBP', fxTable },
  });
  console.log(
    `${provider.id.padEnd(6)} ${estimate.rows} rows, ${estimate.uniqueSegments} distinct texts, ` +
      `${estimate.billableCharacters} billable characters in ${estimate.requests} request(s): ` +
      `${estimate.cost?.amount} ${estimate.cost?.currency} (${inPounds.cost?.amount} ${inPounds.cost?.currency})`,
  );
}
