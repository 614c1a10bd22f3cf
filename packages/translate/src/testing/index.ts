// Test helpers for apps built on @toex/translate: an in-process provider, and msw handlers that behave
// like Azure Translator, DeepL, Google Cloud Translation and the other cloud providers (documented wire format, limits, errors, seeded fault plans).
// Published as `@toex/translate/testing`; it needs `msw` (an optional peer dependency).
export { createFakeTranslator } from './fake-translator';
export type { FakeTranslator, FakeTranslatorOptions } from './fake-translator';
export { createAzureTranslatorHandlers } from './azure-translator-handlers';
export type { AzureTranslatorHandlerOptions } from './azure-translator-handlers';
export { createDeeplHandlers } from './deepl-handlers';
export type { DeeplHandlerOptions, FakeDeeplGlossary, FakeDeeplService } from './deepl-handlers';
export {
  createGoogleAdvancedHandlers,
  createGoogleTranslateHandlers,
  googleErrorBody,
} from './google-translate-handlers';
export type {
  FakeGoogleAdvancedService,
  GoogleAdvancedHandlerOptions,
  GoogleTranslateHandlerOptions,
} from './google-translate-handlers';
export { createLibreTranslateHandlers } from './libretranslate-handlers';
export type { LibreTranslateHandlerOptions } from './libretranslate-handlers';
export { createAmazonTranslateHandlers } from './amazon-translate-handlers';
export type { AmazonTranslateHandlerOptions } from './amazon-translate-handlers';
export { createAzureTranslator2026Handlers } from './azure-translator-2026-handlers';
export type { AzureTranslator2026HandlerOptions } from './azure-translator-2026-handlers';
export { createOpenAiChatHandlers } from './openai-chat-handlers';
export type { OpenAiChatHandlerOptions } from './openai-chat-handlers';
export type { FakeService } from './fake-service';
export type { FaultPlan, RecordedOutcome, RecordedRequest, ServerFault, ThrottleBurst } from './fault-plan';
