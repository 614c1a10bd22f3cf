export { GOOGLE_ERROR_HINTS } from './google-errors';
export { GOOGLE_TRANSLATE_ENDPOINT } from './google-endpoint';
export type { GoogleAdvancedTranslatorSettings, GoogleTranslatorSettings } from './google-settings';
export {
  createGoogleTranslator,
  GOOGLE_V2_MAX_REQUEST_BYTES,
  GOOGLE_V2_TRANSLATOR_LIMITS,
} from './google-translator';
export {
  createGoogleAdvancedTranslator,
  GOOGLE_V3_TRANSLATOR_LIMITS,
} from './google-advanced-translator';
export {
  GOOGLE_TOKEN_ENDPOINT,
  GOOGLE_TRANSLATION_SCOPE,
  signServiceAccountJwt,
} from './google-service-account';
