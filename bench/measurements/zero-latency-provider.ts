import { AZURE_TRANSLATOR_LIMITS, type TranslationProvider } from '@toex/translate';
import { createFakeTranslator } from '@toex/translate/testing';

/**
 * The in-process provider of the overhead benchmark: `@toex/translate/testing`'s fake translator with
 * Azure's request limits, so requests are packed as they would be for a real cloud provider. It answers
 * at once, so whatever time a job takes is the pipeline's own.
 *
 * The fake keeps every request it received, for tests to inspect; over millions of rows that record
 * would be the largest thing in memory and would be charged to the pipeline, so it is emptied as each
 * request arrives.
 */
export function createZeroLatencyProvider(): TranslationProvider {
  const provider = createFakeTranslator({
    limits: AZURE_TRANSLATOR_LIMITS,
    beforeAnswer: () => {
      provider.calls.length = 0;
    },
  });
  return provider;
}
