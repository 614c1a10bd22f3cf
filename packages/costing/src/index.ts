export type { DurationBillingRule } from './billed-duration';
export { billedDurationSeconds } from './billed-duration';
export type { BillingUnit } from './billing-unit';
// units and counting
export { billingUnits, focusUnit, isBillingUnit, unitConversion } from './billing-unit';
export type { BudgetCapTotals, BudgetOptions, BudgetThresholdEvent, Reservation } from './budget';
// budgets
export { Budget, createBudget } from './budget';
export type { CharacterCounting } from './count-characters';
export { countCharacters } from './count-characters';
export type { TextRecordCount } from './count-text-records';
export { countTextRecords } from './count-text-records';
export { csvLines, ledgerCsvColumns, summaryToCsv, toCsv } from './csv-export';
export type { DecimalInput, RoundingMode } from './decimal';
// exact money
export { Decimal } from './decimal';
export { defaultPriceCatalogue, defaultPriceCatalogueInput } from './default-price-catalogue';
export type { Estimate, EstimateInput, Range } from './estimate-cost';
export { estimateCost } from './estimate-cost';
export type { FileLedger, FileLedgerOptions, SkippedLedgerLine } from './file-ledger';
export { openFileLedger } from './file-ledger';
export type { FocusExportOptions } from './focus-export';
export { focusColumns, focusCsvLines, toFocusCsv } from './focus-export';
export type { FxRate, FxRateInput } from './fx-table';
export { FxTable, loadFxTable } from './fx-table';
export { entryFxRate, isFreeEntry } from './entry-fx-rate';
export type {
  HumanTranslationComparison,
  HumanTranslationComparisonInput,
  HumanTranslationRates,
} from './human-translation-comparison';
// savings
export {
  countWords,
  defaultHumanTranslationRates,
  humanTranslationComparison,
  humanTranslationRatePresets,
} from './human-translation-comparison';
export type { Ledger } from './ledger';
export { assertLedgerEntry } from './ledger';
export type { LedgerContext } from './ledger-entries';
export {
  correctionEntry,
  costAtSnapshot,
  ledgerEntriesFor,
  pricingCostAtSnapshot,
  pricingQuantityOf,
  unknownUsageEntry,
} from './ledger-entries';
// ledger
export type { LedgerEntry } from './ledger-entry';
export type { MemoryLedger } from './memory-ledger';
export { createMemoryLedger } from './memory-ledger';
export type { TextTranslationMeterInput, TextTranslationMeterReading } from './meter-text-translation';
export { meterTextTranslation } from './meter-text-translation';
export type { MeteringRule, TextTranslationBillingRule } from './metering-rule';
export { assertCurrency, currencyMinorUnits, Money } from './money';
export type { PriceQuery } from './price-catalogue';
// prices and estimates
export { loadPriceCatalogue, PriceCatalogue, parsePriceCatalogue } from './price-catalogue';
export type {
  PriceCatalogueInput,
  PriceConfidence,
  PriceEntry,
  PriceEntryInput,
  PriceSource,
  PriceTier,
  PriceTierInput,
} from './price-entry';
export type { PricedLine, PricedUsage, PriceUsageInput } from './price-usage';
export { divisionScale, priceUsage } from './price-usage';
export type { LedgerGrouping, LedgerSummaryRow } from './summarise-ledger';
export { ledgerGroupings, noCaseKey, summarise, totalsByCurrency } from './summarise-ledger';
export type { QuantitySource, UsageMismatch, UsageRecord, UsageSummary } from './usage-meter';
export { UsageMeter } from './usage-meter';
export type { DateInput } from './utc-date';
export { VERSION } from './version';
