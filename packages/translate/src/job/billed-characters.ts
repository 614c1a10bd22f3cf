import { meterTextTranslation } from '@toex/costing';
import type { TranslationProvider, TranslationRequest } from '../spec';

/**
 * Characters the provider will bill for each text of a request, as the adapter sends it: counted by the
 * provider's billing rule, with the glossary markup the adapter adds (`sentLength`) where the provider
 * bills markup, times the targets where it bills per target. Their sum is what the request's reservation
 * against a budget is priced from.
 */
export function billedCharactersPerText(
  provider: TranslationProvider,
  request: TranslationRequest,
): number[] {
  const { billing } = provider;
  const targets = request.to.length;
  const sentLength =
    billing.billsMarkup && billing.characterCounting !== 'none' && request.glossary !== undefined
      ? provider.sentLength
      : undefined;
  return request.texts.map((text) => {
    const billed = meterTextTranslation({ texts: [text], targetCount: targets, billing }).billedCharacters;
    if (sentLength === undefined) return billed;
    // Markup is ASCII, so its length is the same in UTF-16 units and code points.
    const markup = Math.max(0, sentLength.call(provider, text, request) - text.length);
    return billed + (billing.billedPerTarget ? markup * targets : markup);
  });
}
