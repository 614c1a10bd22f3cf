/**
 * Write a translation provider: a tiny word-by-word dictionary engine, run through translateFile like
 * Azure, DeepL or Apertium.
 *
 * Shows: the TranslationProvider contract (identity for the manifest, request limits the packer obeys,
 * capabilities, the billing rule costing prices, one `translate` call per request), and a price for the
 * new provider so the job reports a cost. The pipeline does the rest: reading, skipping, dedupe, packing,
 * retries, the translation memory, ordering, the output and the manifest. An adapter never retries,
 * sleeps, paces or caches.
 *
 * A real adapter sends its request through `createHttpClient` from `@toex/core` and throws its
 * `ApiCallError` on failure; see CONTRIBUTING.md, "Adding a provider".
 *
 * Run (after `npm ci && npm run build`; offline, no server needed):
 *   cd examples && npx tsx custom-provider.ts
 */
import { join } from 'node:path';
import { defaultPriceCatalogue } from '@toex/costing';
import {
  type TranslationProvider,
  type TranslationRequest,
  type TranslationResponse,
  translateFile,
} from '@toex/translate';
import { outputDirectory, sampleExport } from './support/paths';

const dictionary: Record<string, string> = {
  hola: 'hello',
  buenos: 'good',
  días: 'morning',
  coche: 'car',
  primo: 'cousin',
  mañana: 'tomorrow',
  dinero: 'money',
  vale: 'okay',
  sí: 'yes',
  no: 'no',
};

/** Translates Spanish word by word; unknown words are kept as they are. */
function translateWords(text: string): string {
  return text.replace(/\p{L}+/gu, (word) => {
    const english = dictionary[word.toLowerCase()];
    if (english === undefined) return word;
    return word[0] === word[0]?.toUpperCase() ? english[0]!.toUpperCase() + english.slice(1) : english;
  });
}

/** A factory, as every provider is made: `createAzureTranslator(settings)`, `createDictionaryTranslator()`. */
function createDictionaryTranslator(): TranslationProvider {
  return {
    id: 'dictionary',
    apiVersion: '1',
    endpoint: 'memory://dictionary', // where requests go, recorded in the manifest (never with credentials)
    limits: {
      maxItemsPerRequest: 10,
      maxCharactersPerRequest: 2_000,
      charactersCountPerTarget: false,
    },
    capabilities: { detectsLanguage: false, multipleTargets: false, glossary: 'none' },
    // The catalogue key of its price, and how characters are counted for billing.
    billing: {
      provider: 'dictionary',
      service: 'translator',
      sku: 'standard',
      characterCounting: 'utf16',
      billedPerTarget: true,
      billsMarkup: false,
    },
    async translate(request: TranslationRequest): Promise<TranslationResponse> {
      if (request.from !== undefined && request.from !== 'es') {
        throw new Error(`The dictionary engine translates Spanish only, not "${request.from}".`);
      }
      return {
        // Exactly one item per text, in request order.
        items: request.texts.map((text) => ({
          translations: Object.fromEntries(request.to.map((target) => [target, translateWords(text)])),
        })),
        warnings: [],
      };
    },
  };
}

// A price for the new provider, layered over the shipped catalogue: $10 per million characters.
const catalogue = defaultPriceCatalogue().withOverrides({
  version: 'example-contract',
  entries: [
    {
      provider: 'dictionary',
      service: 'translator',
      sku: 'standard',
      description: 'Dictionary engine, example contract price',
      unit: 'character',
      unitSize: '1000000',
      unitPrice: '10',
      currency: 'USD',
      effectiveFrom: '2026-01-01',
      source: { checked: '2026-12-01', confidence: 'contract' },
    },
  ],
});

const directory = outputDirectory('custom-provider');
const result = await translateFile({
  input: sampleExport,
  output: join(directory, 'export.dictionary.csv'),
  provider: createDictionaryTranslator(),
  to: ['en'],
  from: 'es',
  cache: false,
  costing: { catalogue },
});

console.log(`Rows: ${result.rows} (${result.skippedRows} skipped, ${result.failedRows} failed)`);
console.log(`Requests: ${result.requests} of at most 10 texts each`);
console.log(
  `Billed: ${result.billedCharacters} characters, cost ${result.cost?.amount} ${result.cost?.currency}`,
);
console.log(`Manifest provider: ${JSON.stringify(result.manifest.provider)}`);
console.log(`Output: ${result.outputPath}`);
if (result.failedRows > 0) process.exitCode = 4;
