import { InputError } from '@toex/core';
import { focusUnit } from './billing-unit';
import { csvField, csvLine } from './csv-field';
import type { Ledger } from './ledger';
import { pricingCostAtSnapshot, pricingQuantityOf } from './ledger-entries';
import type { LedgerEntry } from './ledger-entry';
import { formatUtcTimestamp } from './utc-date';

/** Options for the FinOps FOCUS export. */
export interface FocusExportOptions {
  /** Who issues the recharge invoices: the national shared service. FOCUS `InvoiceIssuerName`. */
  invoiceIssuerName: string;
  /** Display names of paying organisations by id (FOCUS `BillingAccountName`); the id is used when absent. */
  organisationNames?: Readonly<Record<string, string>>;
  /** Display names of cases by reference (FOCUS `SubAccountName`); the reference is used when absent. */
  caseNames?: Readonly<Record<string, string>>;
  /** The recharge invoice a line belongs to (FOCUS `InvoiceId`); empty when absent. */
  invoiceIdFor?: (entry: LedgerEntry) => string | undefined;
  /**
   * What to do with a line whose usage is unknown and not settled by a correction. FOCUS needs a cost on
   * every row, so the default, `error`, refuses to export until it is settled; `skip` leaves it out.
   */
  unknownCost?: 'error' | 'skip';
}

/**
 * The FOCUS columns written, in order: FOCUS 1.3 Cost and Usage columns (with the deprecated
 * `ProviderName`/`PublisherName` kept for 1.2 readers), then `x_` custom columns.
 */
export const focusColumns = [
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'ContractedCost',
  'ListUnitPrice',
  'ContractedUnitPrice',
  'BillingCurrency',
  'PricingCurrency',
  'PricingCurrencyListUnitPrice',
  'PricingCurrencyContractedUnitPrice',
  'PricingCurrencyEffectiveCost',
  'PricingQuantity',
  'PricingUnit',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'BillingAccountId',
  'BillingAccountName',
  'BillingAccountType',
  'SubAccountId',
  'SubAccountName',
  'SubAccountType',
  'InvoiceId',
  'InvoiceIssuerName',
  'ServiceProviderName',
  'HostProviderName',
  'ProviderName',
  'PublisherName',
  'ServiceName',
  'ServiceCategory',
  'ServiceSubcategory',
  'SkuId',
  'SkuPriceId',
  'SkuMeter',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'PricingCategory',
  'Tags',
  'x_ChargeTime',
  'x_JobId',
  'x_EntryId',
  'x_CorrectsEntryId',
  'x_CorrectionReason',
  'x_QuantitySource',
  'x_ClientQuantity',
  'x_ReportedQuantity',
  'x_PriceCatalogVersion',
  'x_PriceEntryId',
  'x_PriceConfidence',
  'x_FxRate',
  'x_FxRateDate',
  'x_FxRateSource',
  'x_Tier',
] as const;

type FocusColumn = (typeof focusColumns)[number];

const providerNames: Record<string, string> = {
  azure: 'Microsoft',
  deepl: 'DeepL',
  google: 'Google',
  amazon: 'Amazon Web Services',
  openai: 'OpenAI',
  assemblyai: 'AssemblyAI',
  deepgram: 'Deepgram',
};

const serviceNames: Record<string, string> = {
  'azure/translator': 'Azure AI Translator',
  'azure/speech': 'Azure AI Speech',
  'azure/language': 'Azure AI Language',
  'azure/video-indexer': 'Azure AI Video Indexer',
  'deepl/translator': 'DeepL API',
  'google/translator': 'Cloud Translation',
  'amazon/translator': 'Amazon Translate',
  'amazon/transcribe': 'Amazon Transcribe',
  'openai/transcription': 'OpenAI Audio Transcription',
  'assemblyai/transcription': 'AssemblyAI Speech-to-Text',
  'deepgram/transcription': 'Deepgram Speech-to-Text',
};

const languageServices = new Set(['translator', 'language']);

function serviceCategory(entry: LedgerEntry): [category: string, subcategory: string] {
  if (entry.service === 'compute') return ['Compute', 'Other (Compute)'];
  return [
    'AI and Machine Learning',
    languageServices.has(entry.service) ? 'Natural Language Processing' : 'Other (AI and Machine Learning)',
  ];
}

function periodOfDay(time: string): [start: string, end: string] {
  const start = Date.UTC(Number(time.slice(0, 4)), Number(time.slice(5, 7)) - 1, Number(time.slice(8, 10)));
  return [formatUtcTimestamp(start), formatUtcTimestamp(start + 86_400_000)];
}

function periodOfMonth(time: string): [start: string, end: string] {
  const year = Number(time.slice(0, 4));
  const month = Number(time.slice(5, 7)) - 1;
  return [formatUtcTimestamp(Date.UTC(year, month, 1)), formatUtcTimestamp(Date.UTC(year, month + 1, 1))];
}

function focusRow(entry: LedgerEntry, options: FocusExportOptions): string {
  // Callers have already refused or skipped unknown lines.
  const quantity = entry.quantity ?? '0';
  const cost = entry.cost ?? '0';
  const [chargeStart, chargeEnd] = periodOfDay(entry.time);
  const [billingStart, billingEnd] = periodOfMonth(entry.time);
  const [category, subcategory] = serviceCategory(entry);
  const selfHosted = entry.priceConfidence === 'self-hosted';
  const providerName = selfHosted
    ? options.invoiceIssuerName
    : (providerNames[entry.provider] ?? entry.provider);
  const serviceName =
    serviceNames[`${entry.provider}/${entry.service}`] ??
    (selfHosted ? `${entry.provider} (self-hosted)` : `${entry.provider} ${entry.service}`);
  const tags: Record<string, string> = {
    job: entry.jobId,
    ...(entry.caseReference === undefined ? {} : { case: entry.caseReference }),
    ...entry.tags,
  };
  const values: Record<FocusColumn, string | number | undefined> = {
    BilledCost: cost,
    EffectiveCost: cost,
    // No separate list price is held for contract prices, so list equals contracted equals billed.
    ListCost: cost,
    ContractedCost: cost,
    ListUnitPrice: entry.unitPrice,
    ContractedUnitPrice: entry.unitPrice,
    BillingCurrency: entry.currency,
    PricingCurrency: entry.pricingCurrency,
    PricingCurrencyListUnitPrice: entry.pricingUnitPrice,
    PricingCurrencyContractedUnitPrice: entry.pricingUnitPrice,
    PricingCurrencyEffectiveCost: pricingCostAtSnapshot(entry, quantity).toString(),
    PricingQuantity: pricingQuantityOf(entry, quantity).toString(),
    PricingUnit: focusUnit(entry.priceUnit, entry.unitSize),
    ConsumedQuantity: quantity,
    ConsumedUnit: focusUnit(entry.unit),
    ChargePeriodStart: chargeStart,
    ChargePeriodEnd: chargeEnd,
    BillingPeriodStart: billingStart,
    BillingPeriodEnd: billingEnd,
    BillingAccountId: entry.organisation,
    BillingAccountName: options.organisationNames?.[entry.organisation] ?? entry.organisation,
    BillingAccountType: 'Paying organisation',
    SubAccountId: entry.caseReference,
    SubAccountName:
      entry.caseReference === undefined
        ? undefined
        : (options.caseNames?.[entry.caseReference] ?? entry.caseReference),
    SubAccountType: entry.caseReference === undefined ? undefined : 'Case',
    InvoiceId: options.invoiceIdFor?.(entry),
    InvoiceIssuerName: options.invoiceIssuerName,
    ServiceProviderName: providerName,
    HostProviderName: providerName,
    ProviderName: providerName,
    PublisherName: providerName,
    ServiceName: serviceName,
    ServiceCategory: category,
    ServiceSubcategory: subcategory,
    SkuId: `${entry.provider}/${entry.service}/${entry.sku}`,
    SkuPriceId: entry.priceEntryId,
    SkuMeter: entry.meterId ?? entry.sku,
    ChargeCategory: 'Usage',
    ChargeClass: entry.kind === 'correction' ? 'Correction' : undefined,
    ChargeDescription:
      entry.description ?? `${serviceName} ${entry.sku}: ${entry.quantity ?? 'unknown'} ${entry.unit}s`,
    ChargeFrequency: 'Usage-Based',
    PricingCategory: 'Standard',
    Tags: JSON.stringify(tags),
    x_ChargeTime: formatUtcTimestamp(Date.parse(entry.time)),
    x_JobId: entry.jobId,
    x_EntryId: entry.id,
    x_CorrectsEntryId: entry.corrects,
    x_CorrectionReason: entry.reason,
    x_QuantitySource: entry.quantitySource,
    x_ClientQuantity: entry.clientQuantity,
    x_ReportedQuantity: entry.reportedQuantity,
    x_PriceCatalogVersion: entry.catalogueVersion,
    x_PriceEntryId: entry.priceEntryId,
    x_PriceConfidence: entry.priceConfidence,
    x_FxRate: entry.fxRate,
    x_FxRateDate: entry.fxRateDate,
    x_FxRateSource: entry.fxRateSource,
    x_Tier: entry.tier,
  };
  return csvLine(focusColumns.map((column) => csvField(values[column])));
}

function unknownCostError(entry: LedgerEntry): InputError {
  return new InputError({
    code: 'unknown_cost',
    message:
      `ledger line ${entry.id} (job ${entry.jobId}, ${entry.provider}/${entry.service}/${entry.sku}) has unknown usage, and a ` +
      'FOCUS row needs a cost. Settle it with a correction line carrying the billed quantity, or leave unknown lines out (unknownCost "skip", CLI --unknown skip).',
  });
}

// The CSV line for one ledger line, or undefined when it is left out.
function lineFor(
  entry: LedgerEntry,
  settled: ReadonlySet<string>,
  options: FocusExportOptions,
): string | undefined {
  if (entry.cost !== null) return focusRow(entry, options);
  // A settled unknown line adds nothing: its correction carries the whole cost.
  if (settled.has(entry.id) || options.unknownCost === 'skip') return undefined;
  throw unknownCostError(entry);
}

/**
 * A ledger as FinOps FOCUS-compatible CSV lines (header first), streamed in two passes over
 * `ledger.entries()` (the first finds which unknown lines corrections have settled). Plain decimals, exact;
 * ISO-8601 UTC times; `BillingAccount` = paying organisation, `SubAccount` = case; toex fields as `x_` columns.
 */
export async function* focusCsvLines(
  ledger: Pick<Ledger, 'entries'>,
  options: FocusExportOptions,
): AsyncGenerator<string> {
  // First pass: which unknown lines corrections settle. Refuse before writing anything, so a consumer
  // never receives half an export.
  const settled = new Set<string>();
  const unknown: LedgerEntry[] = [];
  for await (const entry of ledger.entries()) {
    if (entry.corrects !== undefined) settled.add(entry.corrects);
    if (entry.cost === null) unknown.push(entry);
  }
  const unsettled = unknown.find((entry) => !settled.has(entry.id));
  if (unsettled !== undefined && options.unknownCost !== 'skip') throw unknownCostError(unsettled);
  yield csvLine([...focusColumns]);
  for await (const entry of ledger.entries()) {
    const line = lineFor(entry, settled, options);
    if (line !== undefined) yield line;
  }
}

/** Ledger lines as one FOCUS-compatible CSV string; see {@link focusCsvLines} for large ledgers. */
export function toFocusCsv(entries: Iterable<LedgerEntry>, options: FocusExportOptions): string {
  const lines = [...entries];
  const settled = new Set(lines.flatMap((entry) => (entry.corrects === undefined ? [] : [entry.corrects])));
  let text = csvLine([...focusColumns]);
  for (const entry of lines) text += lineFor(entry, settled, options) ?? '';
  return text;
}
