export { DEEPL_TRANSLATE_ERROR_HINTS } from './deepl-errors';
export { toDeeplSourceLanguage, toDeeplTargetLanguage } from './deepl-languages';
export type { DeeplFormality, DeeplModelType, DeeplTranslatorSettings } from './deepl-settings';
export {
  createDeeplTranslator,
  DEEPL_FREE_ENDPOINT,
  DEEPL_MAX_REQUEST_BODY_BYTES,
  DEEPL_PRO_ENDPOINT,
  DEEPL_TRANSLATOR_LIMITS,
} from './deepl-translator';
