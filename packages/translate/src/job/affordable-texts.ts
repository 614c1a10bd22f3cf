import { type Budget, Money } from '@toex/costing';
import type { AffordableTexts } from '../pipeline/translate-rows';
import type { TranslationProvider } from '../spec';
import { billedCharactersPerText } from './billed-characters';

/** Options of {@link createAffordableTexts}. */
export interface AffordableTextsOptions {
  provider: TranslationProvider;
  budget: Budget;
  /** Prices a number of billed characters in the budget's currency, as the request sender does. */
  priceCharacters: (characters: number) => Money;
}

/**
 * The pipeline's `affordableTexts` for a job with a budget: how many texts of a request, from its first,
 * the budget's tightest cap still pays for once what is spent and reserved is counted. Priced exactly as
 * the request sender reserves (per request, markup and targets included), so a request cut to this many
 * texts is never refused, and the next text would be.
 */
export function createAffordableTexts(options: AffordableTextsOptions): AffordableTexts {
  const { provider, budget, priceCharacters } = options;
  return (requests) => {
    const count = requests[0]?.texts.length ?? 0;
    // Billed characters of the first k texts of each request, for every k.
    const prefixes = requests.map((request) => {
      const sums = [0];
      for (const characters of billedCharactersPerText(provider, request))
        sums.push(sums.at(-1)! + characters);
      return sums;
    });
    const remaining = budget
      .totals()
      .map((cap) => cap.remaining)
      .reduce((least, amount) => (amount.compare(least) < 0 ? amount : least));
    const fits = (texts: number): boolean =>
      Money.sum(
        prefixes.map((sums) => priceCharacters(sums[texts]!)),
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
