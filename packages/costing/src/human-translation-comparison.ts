import { ConfigurationError } from '@toex/core';
import { Decimal, type DecimalInput } from './decimal';
import { invalidArgument } from './invalid-argument';
import { Money } from './money';

/** What human translation costs and how fast it goes, each figure with where it comes from. */
export interface HumanTranslationRates {
  /** Price per 1,000 source words. */
  pricePerThousandWords: DecimalInput;
  /** ISO 4217 currency of the price. */
  currency: string;
  /** Where the price comes from; printed with every comparison. */
  priceSource: string;
  /** Words one translator translates in a working day. */
  wordsPerDay: number;
  /** Where the speed comes from; printed with every comparison. */
  wordsPerDaySource: string;
  /** Least charged for any job (e.g. SLAB's £28.50 under 300 words); absent when none. */
  minimumFee?: DecimalInput;
}

const throughputSource =
  'about 1,800 words a day from paper (okodia.co.uk) and 2,500-3,000 with translation memory (blog.pangeanic.com), checked 2026-11';

/**
 * The default UK benchmark: £100 per 1,000 words (Legal Aid Agency guidance) and 2,000 words per
 * translator-day.
 */
export const defaultHumanTranslationRates: HumanTranslationRates = {
  pricePerThousandWords: '100',
  currency: 'GBP',
  priceSource:
    'Legal Aid Agency guidance, £100 per 1,000 words (Guidance on the Remuneration of Expert Witnesses §6.20-6.22, quoted at https://www.linguistdirectory.com/create-quotes-using-legal-aid-rates, checked 2026-11)',
  wordsPerDay: 2000,
  wordsPerDaySource: `2,000 words per translator-day, a round middle value: ${throughputSource}`,
};

/** Other published UK benchmarks, to pass as `rates`. */
export const humanTranslationRatePresets = {
  /** Legal Aid Agency guidance: £100 per 1,000 words (the default). */
  legalAidAgency: defaultHumanTranslationRates,
  /** Scottish Legal Aid Board: £95 per 1,000 words, minimum £28.50. */
  scottishLegalAidBoard: {
    ...defaultHumanTranslationRates,
    pricePerThousandWords: '95',
    minimumFee: '28.50',
    priceSource:
      'Scottish Legal Aid Board, £95 per 1,000 words, minimum £28.50 (https://www.slab.org.uk/guidance/payment-for-translation-services/, checked 2026-11)',
  },
  /** Criminal legal aid maximum: £109 per 1,000 words (secondary source; verify against the regulations). */
  criminalLegalAidMaximum: {
    ...defaultHumanTranslationRates,
    pricePerThousandWords: '109',
    priceSource:
      'Criminal legal aid maximum, £109 per 1,000 words (secondary: locatetranslate.co.uk, checked 2026-11; UNCONFIRMED against the regulations)',
  },
} as const satisfies Record<string, HumanTranslationRates>;

/** What to compare: the size of the text and, when known, what machine translation cost and took. */
export interface HumanTranslationComparisonInput {
  /** Source words. Count them with {@link countWords} where the text is at hand. */
  words?: number;
  /** Source characters, used when `words` is not known (converted with `charactersPerWord`). */
  characters?: number;
  /** Characters per word, spaces included, for converting `characters`. Defaults to 6; an assumption, stated. */
  charactersPerWord?: DecimalInput;
  /** What machine translation cost (from the ledger or an estimate), in the rates' currency. */
  machineCost?: Money;
  /** How long the machine job took, in seconds of elapsed time. */
  machineSeconds?: number;
  /** Human rates; defaults to {@link defaultHumanTranslationRates}. */
  rates?: HumanTranslationRates;
}

/** Machine against human translation for the same text. Amounts exact; round when presenting. */
export interface HumanTranslationComparison {
  /** Source words compared. */
  words: Decimal;
  /** True when `words` was derived from characters rather than counted. */
  wordsEstimated: boolean;
  /** What a human translator would charge and how many working days it would take (rounded up to 0.1). */
  human: { cost: Money; workingDays: Decimal };
  /** What machine translation cost and took, when given. */
  machine: { cost?: Money; seconds?: number };
  /** `human.cost − machine.cost`, when the machine cost is given. */
  saving?: Money;
  /** How many times cheaper machine translation was (whole number, half-even), when its cost is above zero. */
  costRatio?: Decimal;
  rates: HumanTranslationRates;
  /** The source of each rate, to print with the figures. */
  sources: string[];
  assumptions: string[];
  /** Always shown: machine translation is not evidential translation. */
  caveat: string;
}

/** The words in `text`: runs of non-space characters. Scripts written without spaces (Chinese, Thai) count low. */
export function countWords(text: string): number {
  let words = 0;
  for (const _match of text.matchAll(/\S+/gu)) words += 1;
  return words;
}

/**
 * Compares machine translation with human translation of the same text: what a translator would
 * charge (at £100 per 1,000 words by default) and how many working days it would take (2,000 words a
 * day), against the machine's cost and time. Every rate's source is returned for printing.
 */
export function humanTranslationComparison(
  input: HumanTranslationComparisonInput,
): HumanTranslationComparison {
  const rates = input.rates ?? defaultHumanTranslationRates;
  const assumptions: string[] = [];
  let words: Decimal;
  let wordsEstimated = false;
  if (input.words !== undefined) {
    words = Decimal.from(input.words);
  } else if (input.characters !== undefined) {
    const charactersPerWord = Decimal.from(input.charactersPerWord ?? 6);
    if (!charactersPerWord.greaterThan(0)) throw invalidArgument('charactersPerWord must be above 0.');
    words = Decimal.from(input.characters).divide(charactersPerWord, { scale: 0, rounding: 'half-up' });
    wordsEstimated = true;
    assumptions.push(
      `Words estimated from ${input.characters} characters at ${charactersPerWord.toString()} characters per word; count words in the source for a firmer figure.`,
    );
  } else {
    throw invalidArgument('Give words or characters to compare.');
  }
  if (words.isNegative()) throw invalidArgument('The word count cannot be negative.');
  if (!(rates.wordsPerDay > 0)) throw invalidArgument('wordsPerDay must be above 0.');
  let humanCost = Money.of(
    words.multiply(rates.pricePerThousandWords).divide(1000, { scale: 12, rounding: 'half-even' }),
    rates.currency,
  );
  if (rates.minimumFee !== undefined && humanCost.amount.lessThan(rates.minimumFee)) {
    humanCost = Money.of(rates.minimumFee, rates.currency);
    assumptions.push(`The minimum fee of ${humanCost.toDecimalString()} ${rates.currency} applies.`);
  }
  const workingDays = words.divide(rates.wordsPerDay, { scale: 1, rounding: 'ceiling' });
  const comparison: HumanTranslationComparison = {
    words,
    wordsEstimated,
    human: { cost: humanCost, workingDays },
    machine: {
      ...(input.machineCost === undefined ? {} : { cost: input.machineCost }),
      ...(input.machineSeconds === undefined ? {} : { seconds: input.machineSeconds }),
    },
    rates,
    sources: [`Price: ${rates.priceSource}`, `Speed: ${rates.wordsPerDaySource}`],
    assumptions,
    caveat:
      'Machine translation is for triage and search. Text relied on as evidence still needs a qualified translator.',
  };
  if (input.machineCost !== undefined) {
    if (input.machineCost.currency !== rates.currency) {
      throw new ConfigurationError({
        code: 'currency_mismatch',
        message: `The machine cost is in ${input.machineCost.currency} but the human rates are in ${rates.currency}. Convert one of them first.`,
      });
    }
    comparison.saving = humanCost.subtract(input.machineCost);
    if (input.machineCost.amount.greaterThan(0)) {
      comparison.costRatio = humanCost.amount.divide(input.machineCost.amount, {
        scale: 0,
        rounding: 'half-even',
      });
    }
  }
  return comparison;
}
