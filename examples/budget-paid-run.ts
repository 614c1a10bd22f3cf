/**
 * A paid run with a cost cap: estimate first, then translate with a budget that stops the job before it
 * would spend more.
 *
 * Shows: estimateTranslation, then translateFile with `budget`. The job reserves each request's cost
 * before sending it and never goes over the cap: the request that would cross it is cut to the texts the
 * rest of the budget pays for. The rows left are written marked `failed:budget_exceeded`, and
 * `stoppedBy` says why (the `toex` command exits 3). A rerun with a larger budget sends only those.
 *
 * NEEDS A CLOUD KEY and sends the sample's text (fictional) to the provider, for about US$0.01:
 *   AZURE_TRANSLATOR_KEY (and AZURE_TRANSLATOR_REGION for a regional resource), or DEEPL_API_KEY.
 * Without one it says so and exits 0.
 *
 * Run (after `npm ci && npm run build`):
 *   cd examples && AZURE_TRANSLATOR_KEY=… AZURE_TRANSLATOR_REGION=uksouth npx tsx budget-paid-run.ts
 */
import { join } from 'node:path';
import { Decimal } from '@toex/costing';
import {
  createAzureTranslator,
  createDeeplTranslator,
  estimateTranslation,
  type TranslationProvider,
  translateFile,
} from '@toex/translate';
import { outputDirectory, sampleExport } from './support/paths';

let provider: TranslationProvider;
if (process.env.AZURE_TRANSLATOR_KEY) {
  // Pin where the text is processed: api-eur keeps it in Europe (the global endpoint may not).
  provider = createAzureTranslator({
    endpoint: process.env.AZURE_TRANSLATOR_ENDPOINT ?? 'https://api-eur.cognitive.microsofttranslator.com',
  });
} else if (process.env.DEEPL_API_KEY) {
  provider = createDeeplTranslator();
} else {
  console.log(
    'budget-paid-run needs a cloud key: set AZURE_TRANSLATOR_KEY (and AZURE_TRANSLATOR_REGION) or DEEPL_API_KEY.\n' +
      'It sends the fictional sample to the provider, for about US$0.01. Skipped.',
  );
  process.exit(0);
}

const directory = outputDirectory('budget-paid-run');
const job = {
  input: sampleExport,
  output: join(directory, 'export.translated.csv'),
  provider,
  to: ['en'],
  cache: join(directory, '.toex-cache'),
};

// 1. Estimate: nothing is sent. Costs are in the price list's currency (USD for Azure, EUR for DeepL)
//    unless you pass `costing: { currency, fxTable }`.
const estimate = await estimateTranslation(job);
console.log(
  `Estimate: ${estimate.billableCharacters} characters in ${estimate.requests} request(s), ` +
    `${estimate.cost?.amount} ${estimate.cost?.currency}`,
);

// 2. Run with a cap of half the estimate, to see the budget stop the job.
const cap = Decimal.from(estimate.cost?.amount ?? '0')
  .divide(2, { scale: 6, rounding: 'down' })
  .toString();
try {
  const result = await translateFile({ ...job, budget: { job: cap } });
  console.log(
    `Budget ${cap} ${result.cost?.currency}: spent ${result.cost?.amount} ${result.cost?.currency}`,
  );
  console.log(`Rows: ${result.rows}, failed ${result.failedRows} (marked in ${result.outputPath})`);
  if (result.stoppedBy?.code === 'budget_exceeded') {
    console.log(`Stopped: ${result.stoppedBy.message}`);
    console.log('Raise the budget and run again: only the rows not yet translated are sent.');
  }
} catch (error) {
  // A missing or rejected key, an unknown endpoint or an unsupported language pair fails the job before
  // it writes anything, with a typed error whose message says what to fix.
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
}
