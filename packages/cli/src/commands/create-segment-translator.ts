import { resolve } from 'node:path';
import type { SegmentTranslator } from '@toex/transcribe';
import { createApertiumTranslator, translateTexts } from '@toex/translate';

/**
 * `--translate-to`: segments translated offline by Apertium (APY at `APERTIUM_URL`, or its default),
 * through `@toex/translate`'s full job (packing, retries, translation memory in the cache directory).
 */
export function createSegmentTranslator(
  to: string,
  env: Record<string, string | undefined>,
  cache: string | false,
  cwd: string,
): SegmentTranslator {
  const provider = createApertiumTranslator(
    env.APERTIUM_URL === undefined ? {} : { baseUrl: env.APERTIUM_URL },
  );
  return {
    to,
    async translate(texts, from, signal) {
      const result = await translateTexts(texts, {
        provider,
        to: [to],
        cache: cache === false ? false : resolve(cwd, cache),
        ...(from === undefined ? {} : { from: from.split('-')[0]! }),
        ...(signal === undefined ? {} : { signal }),
      });
      return result.texts.map((text) => {
        const translation = text.translations[to];
        if (text.status.startsWith('failed') || translation === undefined) {
          return { failed: text.error?.code ?? text.status };
        }
        return { text: translation };
      });
    },
  };
}
