export { ApertiumIncompleteTranslationError, ApertiumPairNotInstalledError } from './apertium-errors';
export type { ApertiumTranslatorSettings } from './apertium-settings';
export { APERTIUM_DEFAULT_URL, createApertiumTranslator } from './apertium-translator';
