export { LIBRETRANSLATE_ERROR_HINTS } from './libretranslate-errors';
export type { LibreTranslateTranslatorSettings } from './libretranslate-settings';
export { createLibreTranslateTranslator, LIBRETRANSLATE_DEFAULT_URL } from './libretranslate-translator';
