export { VERSION } from './version';

// the provider contract
export type {
  Glossary,
  GlossaryEntry,
  LanguageSupport,
  TranslatedItem,
  TranslationBilling,
  TranslationCallOptions,
  TranslationCapabilities,
  TranslationLimits,
  TranslationProvider,
  TranslationRequest,
  TranslationResponse,
  TranslationWarning,
} from './spec';

// providers
export {
  APERTIUM_DEFAULT_URL,
  ApertiumIncompleteTranslationError,
  ApertiumPairNotInstalledError,
  createApertiumTranslator,
} from './providers/apertium';
export type { ApertiumTranslatorSettings } from './providers/apertium';

// glossary
export { createGlossary, loadGlossary } from './glossary/load-glossary';
