export { AMAZON_ERROR_HINTS } from './amazon-errors';
export type { AmazonTranslatorSettings } from './amazon-settings';
export { AMAZON_MAX_TEXT_BYTES, AMAZON_TRANSLATOR_LIMITS, createAmazonTranslator } from './amazon-translator';
