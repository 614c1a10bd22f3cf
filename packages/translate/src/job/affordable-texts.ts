import { type Budget, Money } from '@toex/costing';
import type { AffordableTexts } from '../pipeline/translate-rows';
import type { TranslationProvider } from '../spec';
import { estimateRequestUsage, type RequestUsage } from './request-usage';

/** Options of {@link createAffordableTexts}. */
export interface AffordableTextsOptions {
  provider: TranslationProvider;
  budget: Budget;
  /** Prices a number of billed characters in the budget's currency (`priceUsage` is used when given). */
  priceCharacters?: (characters: number) => Money;
  /** Prices a request's usage (characters, or estimated tokens) in the budget's currency, as the sender does. */
  priceUsage?: (usage: RequestUsage) => Money;
}

/**
 * The pipeline's `affordableTexts` for a job with a budget: how many texts of a request, from its first,
 * the budget's tightest cap still pays for once what is spent and reserved is counted. Priced exactly as
 * the request sender reserves (per request, markup and targets included; estimated tokens for a provider
 * billed per token), so a request cut to this many texts is never refused, and the next text would be.
 */
export function createAffordableTexts(options: AffordableTextsOptions): AffordableTexts {
  const { provider, budget } = options;
  const price =
    options.priceUsage ??
    ((usage: RequestUsage) => {
      if (options.priceCharacters === undefined)
        throw new TypeError('createAffordableTexts needs priceUsage or priceCharacters.');
      return options.priceCharacters(usage.characters);
    });
  return (requests) => {
    const count = requests[0]?.texts.length ?? 0;
    const remaining = budget
      .totals()
      .map((cap) => cap.remaining)
      .reduce((least, amount) => (amount.compare(least) < 0 ? amount : least));
    const fits = (texts: number): boolean =>
      Money.sum(
        requests.map((request) =>
          price(estimateRequestUsage(provider, { ...request, texts: request.texts.slice(0, texts) })),
        ),
        budget.currency,
      ).compare(remaining) <= 0;
    if (fits(count)) return count;
    // The cost only grows with each text: the largest prefix that fits, by bisection.
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (fits(middle)) low = middle;
      else high = middle - 1;
    }
    return low;
  };
}
