export { VERSION } from './version';

// jobs: what apps call
export { translateFile, defaultOutputPath } from './job/translate-file';
export type { InputDescription, TranslateFileOptions, TranslateFileResult } from './job/translate-file';
export { translateTexts } from './job/translate-texts';
export type { TextTranslation, TranslateTextsResult } from './job/translate-texts';
export { estimateTranslation } from './job/estimate-translation';
export type { TranslationEstimate } from './job/estimate-translation';
export type { JobSummary } from './job/summarise-job';
export type {
  TranslationBudgetOptions,
  TranslationCostingOptions,
  TranslationJobOptions,
} from './job/translation-job-options';
export { outputColumns, statusColumn } from './job/output-columns';
export type {
  AnnotatedRow,
  TranslatedRowAnnotator,
  TranslatedRowAnnotatorSummary,
} from './job/row-annotator';
export { howToAddPrice, missingPriceKeys, translationMemoryFileName } from './job/job-context';
export type { JobTokens } from './job/summarise-job';
export type { SecondOpinionSummary, SecondTranslations } from './job/second-opinion';

// quality flags for human review
export {
  emptyFlagCounts,
  flagsColumn,
  formatFlags,
  type QualityFlag,
  type QualityFlagCounts,
  qualityFlags,
} from './quality/quality-flag';
export {
  createQualityAssessor,
  type QualityAssessor,
  type QualityAssessorOptions,
} from './quality/assess-quality';
export {
  defaultSecondOpinionSample,
  defaultSecondOpinionThreshold,
  type SecondOpinionOptions,
} from './quality/second-opinion-settings';
export { similarityGramLength, translationSimilarity } from './quality/similarity';
export type { LanguageEvidence } from './quality/check-low-confidence-language';
export { lengthBand, minimumLengthCheckedCodePoints, relativeLength } from './quality/length-ratio';

// the pipeline, for custom sources and sinks
export { translateRows } from './pipeline/translate-rows';
export type {
  AffordableTexts,
  PipelineInputRow,
  PipelineOutputRow,
  SendRequest,
  TranslateRowsOptions,
  TranslatedText,
} from './pipeline/translate-rows';
export { PipelineStats } from './pipeline/pipeline-stats';
export type { CellOutcome, RowStatus, TextSkipReason } from './pipeline/row-status';
export type { StoredPayment, StoredTranslation } from './pipeline/stored-translation';
export { type SkipReason, skipRules, type TextKind } from './pipeline/skip';
export { loadLanguageDetector } from './detection/language-detector';
export type { LanguageDetector, LanguageGuess } from './detection/language-detector';
export { createRequestSender } from './job/request-sender';
export type { RequestSenderOptions } from './job/request-sender';
export { estimateRequestUsage, type RequestUsage } from './job/request-usage';

// the provider contract
export type {
  Glossary,
  GlossaryEntry,
  LanguageSupport,
  TranslatedItem,
  TranslationBilling,
  TranslationCallOptions,
  TranslationCapabilities,
  TranslationEngine,
  TranslationLimits,
  TranslationProvider,
  TranslationRequest,
  TranslationResponse,
  TranslationWarning,
  TokenUsage,
} from './spec';

// providers
export {
  explainUnreachable,
  openTranslationProvider,
  translationProviderNames,
} from './providers/open-translation-provider';
export type {
  EndpointChoice,
  OpenedProvider,
  ProviderEnvironment,
  TranslationProviderChoice,
  TranslationProviderName,
} from './providers/open-translation-provider';
export {
  APERTIUM_DEFAULT_URL,
  APERTIUM_INSTALL_COMMAND,
  APERTIUM_MODES_DIRECTORY,
  ApertiumIncompleteTranslationError,
  ApertiumPairNotInstalledError,
  createApertiumTranslator,
  installedApertiumPackages,
  installedModes,
  isApertiumInstalled,
  isApyAnswering,
  startLocalApy,
} from './providers/apertium';
export type { ApertiumTranslatorSettings, LocalApy } from './providers/apertium';
export {
  AZURE_ERROR_HINTS,
  AZURE_TRANSLATOR_GLOBAL_ENDPOINT,
  AZURE_TRANSLATOR_LIMITS,
  createAzureTranslator,
} from './providers/azure';
export type { AzureTranslatorSettings } from './providers/azure';
export {
  DEEPL_FREE_ENDPOINT,
  DEEPL_MAX_REQUEST_BODY_BYTES,
  DEEPL_PRO_ENDPOINT,
  DEEPL_TRANSLATE_ERROR_HINTS,
  DEEPL_TRANSLATOR_LIMITS,
  createDeeplTranslator,
  toDeeplSourceLanguage,
  toDeeplTargetLanguage,
} from './providers/deepl';
export type { DeeplFormality, DeeplModelType, DeeplTranslatorSettings } from './providers/deepl';
export {
  createGoogleAdvancedTranslator,
  createGoogleTranslator,
  GOOGLE_ERROR_HINTS,
  GOOGLE_TOKEN_ENDPOINT,
  GOOGLE_TRANSLATION_SCOPE,
  GOOGLE_V3_TRANSLATOR_LIMITS,
  signServiceAccountJwt,
  GOOGLE_TRANSLATE_ENDPOINT,
  GOOGLE_V2_MAX_REQUEST_BYTES,
  GOOGLE_V2_TRANSLATOR_LIMITS,
} from './providers/google';
export type { GoogleAdvancedTranslatorSettings, GoogleTranslatorSettings } from './providers/google';
export {
  AMAZON_ERROR_HINTS,
  AMAZON_MAX_TEXT_BYTES,
  AMAZON_TRANSLATOR_LIMITS,
  createAmazonTranslator,
} from './providers/amazon';
export type { AmazonTranslatorSettings } from './providers/amazon';
export {
  AZURE_OPENAI_DEFAULT_API_VERSION,
  createOpenAiTranslator,
  OPENAI_DEFAULT_BASE_URL,
  OPENAI_ERROR_HINTS,
  SEGMENT_MISMATCH,
} from './providers/openai';
export type { OpenAiTranslatorSettings } from './providers/openai';
export {
  createLibreTranslateTranslator,
  LIBRETRANSLATE_DEFAULT_URL,
  LIBRETRANSLATE_ERROR_HINTS,
} from './providers/libretranslate';
export type { LibreTranslateTranslatorSettings } from './providers/libretranslate';

// glossary
export { createGlossary, loadGlossary } from './glossary/load-glossary';

// readers
export { inputFormatFromPath, readInput } from './readers/read-input';
export type { ReadInputOptions } from './readers/read-input';
export { readCsv } from './readers/csv-reader';
export type { CsvReaderOptions } from './readers/csv-reader';
export { readText, textColumnName } from './readers/text-reader';
export type { TextReaderOptions } from './readers/text-reader';
export { readJsonl } from './readers/jsonl-reader';
export { readWhatsApp } from './readers/whatsapp-reader';
export { readTelegram } from './readers/telegram-reader';
export { readFacebook } from './readers/facebook-reader';
export type { ChatReaderOptions } from './readers/chat-reader-options';
export { detectChatFormat } from './readers/detect-input-format';
export type { DetectedChatFormat } from './readers/detect-input-format';
export { repairMojibake } from './readers/repair-mojibake';
export type { JsonlReaderOptions } from './readers/jsonl-reader';
export { findZonedDateColumns, isXlsxRowRecord, readXlsx } from './readers/xlsx-reader';
export type {
  XlsxDateColumn,
  XlsxDocument,
  XlsxReaderOptions,
  XlsxRowRecord,
  XlsxSheet,
} from './readers/xlsx-reader';
export type { XlsxCellValue, XlsxRowValues } from './readers/xlsx-cell';
export { detectEncoding, resolveEncodingName } from './readers/detect-encoding';
export type {
  DetectEncodingOptions,
  EncodingDetection,
  EncodingDetectionMethod,
} from './readers/detect-encoding';
export { pickTextColumns } from './readers/pick-text-columns';
export type { PickTextColumnsOptions } from './readers/pick-text-columns';
export type { InputSource } from './readers/open-input';
export { inputFormats } from './readers/source-row';
export type {
  ChatFormat,
  InputDocument,
  InputFormat,
  ReaderWarning,
  SourceRow,
  SourceText,
  TextColumn,
  TextColumnChoice,
} from './readers/source-row';

// writers
export { writeCsv } from './writers/csv-writer';
export type { CsvWriteResult, CsvWriterOptions, NeutralisedColumn } from './writers/csv-writer';
export { writeJsonl } from './writers/jsonl-writer';
export type { JsonlWriterOptions } from './writers/jsonl-writer';
export { writeText } from './writers/text-writer';
export type { TextWriteResult, TextWriterOptions } from './writers/text-writer';
export { writeXlsx } from './writers/xlsx-writer';
export type { XlsxWriteResult, XlsxWriterOptions } from './writers/xlsx-writer';
export { sheetCsvPath, writeSheetsAsCsv } from './writers/xlsx-csv-writer';
export type { SheetCsvFile, SheetsAsCsvOptions } from './writers/xlsx-csv-writer';
export type {
  OutputDestination,
  OutputRow,
  OutputRows,
  WriteResult,
  WriterOptions,
} from './writers/output-row';
