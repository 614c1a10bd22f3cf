/**
 * msw fakes of the cloud named-entity services, for tests of code built on `@toex/entities`. Each follows
 * the provider's documented wire format; msw is an optional peer dependency.
 */
export { createAzureLanguageHandlers } from './azure-language-handlers';
export type { AzureLanguageFake, AzureLanguageHandlerOptions } from './azure-language-handlers';
export { createComprehendHandlers } from './comprehend-handlers';
export type { ComprehendFake, ComprehendHandlerOptions } from './comprehend-handlers';
