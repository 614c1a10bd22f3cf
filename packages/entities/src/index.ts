export { VERSION } from './version';

// findings
export { ENTITY_TYPES } from './finding';
export type { EntityType, Finding } from './finding';

// extraction
export { createEntityExtractor, extractEntities } from './extract/extract-entities';
export type { EntityExtractor, ExtractEntitiesOptions } from './extract/extract-entities';
export { resolveOverlaps } from './extract/resolve-overlaps';
export { dropDecoys } from './extract/decoys';

// recognizers
export type { Recognizer, RecognizerContext } from './recognizers/recognizer';
export { defaultRecognizers } from './recognizers/default-recognizers';
export { createPhoneRecognizer } from './recognizers/phone';
export type { PhoneRecognizerOptions } from './recognizers/phone';
export { createEmailRecognizer } from './recognizers/email';
export { createUrlRecognizer } from './recognizers/url';
export { createIpRecognizer } from './recognizers/ip';
export { createMacRecognizer } from './recognizers/mac';
export { createIbanRecognizer } from './recognizers/iban';
export { IBAN_FORMATS } from './recognizers/iban-formats';
export { cardIssuer, createCardRecognizer } from './recognizers/card';
export { createUkSortCodeAccountRecognizer } from './recognizers/uk-sort-code-account';
export {
  createBitcoinRecognizer,
  legacyBitcoinAddressValid,
  segwitAddressValid,
} from './recognizers/bitcoin';
export { createEthereumRecognizer, toChecksumAddress } from './recognizers/ethereum';
export { createTronRecognizer } from './recognizers/tron';
export { createMoneroRecognizer, moneroAddressValid } from './recognizers/monero';
export { createImeiRecognizer } from './recognizers/imei';
export { createUkPostcodeRecognizer } from './recognizers/uk-postcode';
export { createUkVehicleRegistrationRecognizer } from './recognizers/uk-vehicle-registration';
export { createUkNinoRecognizer } from './recognizers/uk-nino';
export { createNhsNumberRecognizer } from './recognizers/nhs-number';
export { createCoordinatesRecognizer } from './recognizers/coordinates';
export { createSocialRecognizer } from './recognizers/social';
export { createMoneyRecognizer } from './recognizers/money';

// checksums
export { luhnValid } from './checksums/luhn';
export { ibanRemainder } from './checksums/mod97';
export { nhsNumberValid } from './checksums/mod11';
export { decodeBase58Check } from './checksums/base58check';

// keywords
export type { Watchlist } from './keywords/watchlist';
export { compileWatchlist } from './keywords/compile-watchlist';
export type { CompileWatchlistOptions } from './keywords/compile-watchlist';
export { loadWatchlist, parseWatchlistCsv, parseWatchlistJson } from './keywords/load-watchlist';
export { watchlistEntrySchema } from './keywords/watchlist-entry';
export type { KeywordMatch, WatchlistEntry } from './keywords/watchlist-entry';
export { WatchlistError } from './keywords/watchlist-error';
export { normaliseText, originalRange } from './keywords/normalise-text';
export type { NormaliseTextOptions, NormalisedText } from './keywords/normalise-text';

// named entities
export type {
  NamedEntityBilling,
  NamedEntityLimits,
  NamedEntityMeter,
  NamedEntityProvider,
  NamedEntityRequest,
  NamedEntityResponse,
} from './ner/spec';
export { createCompromiseRecognizer } from './ner/compromise/compromise-recognizer';
export {
  countNamedEntityUnits,
  estimateNamedEntityUnits,
  recognizeNamedEntities,
} from './ner/recognize-named-entities';
export type { StoredNamedEntities } from './ner/stored-named-entities';
export { namedEntitiesKey, storedNamedEntitiesSchema } from './ner/stored-named-entities';
export type {
  RecognizedNamedEntities,
  RecognizeNamedEntitiesOptions,
  RequestHold,
} from './ner/recognize-named-entities';
export type { CompromiseRecognizerSettings } from './ner/compromise/compromise-recognizer';
export { azureEntityType, createAzureLanguageRecognizer } from './ner/azure/azure-language-recognizer';
export type { AzureLanguageRecognizerSettings } from './ner/azure/azure-language-settings';
export { azureLanguageRecognizerSettingsSchema } from './ner/azure/azure-language-settings';
export {
  AZURE_LANGUAGE_API_VERSION,
  AZURE_LANGUAGE_MAX_CHARACTERS,
  AZURE_LANGUAGE_MAX_DOCUMENTS,
} from './ner/azure/azure-language-api';
export { AZURE_LANGUAGE_ERROR_HINTS, parseAzureLanguageError } from './ner/azure/azure-language-errors';
export {
  COMPREHEND_LIMITS,
  COMPREHEND_METERING,
  comprehendUnits,
  createComprehendRecognizer,
} from './ner/aws/comprehend-recognizer';
export type { ComprehendRecognizerSettings } from './ner/aws/comprehend-settings';
export { comprehendRecognizerSettingsSchema } from './ner/aws/comprehend-settings';
export { COMPREHEND_ERROR_HINTS, parseComprehendError } from './ner/aws/comprehend-errors';
export { COMPREHEND_MAX_TEXT_BYTES } from './ner/aws/comprehend-api';
export { codePointToUtf16Offsets } from './ner/aws/code-point-offsets';

// jobs: output cells, index, manifest
export { ENTITIES_COLUMN, KEYWORD_HITS_COLUMN, findingsCell, keywordHitsCell } from './job/output-cells';
export { EntityIndex } from './job/entity-index';
export type { EntityIndexEntry } from './job/entity-index';
export { buildEntitiesManifest } from './job/entities-manifest';
export type { EntitiesManifestInput } from './job/entities-manifest';
export { CommunicationsNetwork } from './job/communications-network';
export type { NetworkLink, NetworkMessage, NetworkNode } from './job/communications-network';

// redaction
export { redactText } from './redact/redact-text';
export type { Pseudonymiser, RedactedText, Replacement } from './redact/redact-text';
export { createStorePseudonymiser, pseudonymPrefix } from './redact/pseudonym-mapping';
export type {
  PseudonymEntry,
  PseudonymStoreValue,
  StorePseudonymiser,
} from './redact/pseudonym-mapping';
export { RedactionError } from './redact/redaction-error';
