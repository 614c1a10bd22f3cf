import {
  createApertiumTranslator,
  createAzureTranslator,
  createDeeplTranslator,
  type TranslationProvider,
} from '@toex/translate';
import type { TranslateArguments } from './translate-arguments';

/**
 * Makes the provider `--provider` names. Keys are not read here: each adapter loads its key from the
 * environment at the first request, so `--estimate` works without one.
 */
export function createTranslationProvider(
  args: TranslateArguments,
  env: Record<string, string | undefined>,
): TranslationProvider {
  switch (args.provider) {
    case 'apertium':
      return createApertiumTranslator({ ...endpoint(args.endpoint ?? env.APERTIUM_URL, 'baseUrl') });
    case 'azure':
      return createAzureTranslator({ ...endpoint(args.endpoint, 'endpoint') });
    case 'deepl':
      return createDeeplTranslator({ ...endpoint(args.endpoint, 'endpoint') });
  }
}

function endpoint<K extends string>(value: string | undefined, key: K): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
