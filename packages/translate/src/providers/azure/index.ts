export { AZURE_TRANSLATOR_GLOBAL_ENDPOINT } from './azure-endpoint';
export { AZURE_ERROR_HINTS } from './azure-errors';
export type { AzureTranslatorSettings } from './azure-settings';
export { AZURE_TRANSLATOR_LIMITS, createAzureTranslator } from './azure-translator';
export { AZURE_TRANSLATOR_API_VERSION_2026 } from './azure-translate-2026';
