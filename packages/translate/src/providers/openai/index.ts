export { OPENAI_ERROR_HINTS } from './openai-errors';
export type { OpenAiTranslatorSettings } from './openai-settings';
export {
  AZURE_OPENAI_DEFAULT_API_VERSION,
  createOpenAiTranslator,
  OPENAI_DEFAULT_BASE_URL,
  SEGMENT_MISMATCH,
} from './openai-translator';
