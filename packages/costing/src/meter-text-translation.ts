import { countCharacters } from './count-characters';
import { invalidArgument } from './invalid-argument';
import type { TextTranslationBillingRule } from './metering-rule';

/** What one translation request sends, and how its provider bills it. */
export interface TextTranslationMeterInput {
  /** The texts exactly as sent, including any markup the pipeline added (placeholders, glossary elements). */
  texts: readonly string[];
  /** Number of target languages in the request (1 or more). */
  targetCount: number;
  /** The provider's billing rule, e.g. a `TranslationBilling` from `@toex/translate`. */
  billing: TextTranslationBillingRule;
  /**
   * Whether the texts carry tags the provider parses (`xml`: Azure `textType=html`, DeepL `tag_handling`).
   * Only then, and only when `billing.billsMarkup` is false, are tags left out of the count. Defaults to `none`:
   * a `<` in a chat message is text and is billed.
   */
  markup?: 'none' | 'xml';
}

/** The client's own count for one translation request. */
export interface TextTranslationMeterReading {
  /** Characters the provider will bill for the request: the count per target, times targets when billed per target. 0 for `none`. */
  billedCharacters: number;
  /** Characters in the texts once, counted by the rule (UTF-16 code units when the rule is `none`). */
  sourceCharacters: number;
  /** Target languages in the request. */
  targetCount: number;
  /** The counting used. */
  characterCounting: TextTranslationBillingRule['characterCounting'];
}

const tagPattern = /<[^<>]*>/g;

/**
 * Counts the characters a provider will bill for one text-translation request, the way that provider
 * counts: Azure bills UTF-16 code units of everything sent, markup and whitespace included, once per
 * target language; DeepL bills code points of the source per target and, with tag handling, not the tags.
 */
export function meterTextTranslation(input: TextTranslationMeterInput): TextTranslationMeterReading {
  const { texts, targetCount, billing } = input;
  if (!Number.isSafeInteger(targetCount) || targetCount < 1) {
    throw invalidArgument(`targetCount must be a whole number of at least 1; got ${targetCount}.`);
  }
  const stripTags = input.markup === 'xml' && billing.billsMarkup === false;
  const counting = billing.characterCounting === 'codepoints' ? 'codepoints' : 'utf16';
  let sourceCharacters = 0;
  for (const text of texts) {
    sourceCharacters += countCharacters(stripTags ? text.replace(tagPattern, '') : text, counting);
  }
  const billedOnce = billing.characterCounting === 'none' ? 0 : sourceCharacters;
  return {
    billedCharacters: billing.billedPerTarget ? billedOnce * targetCount : billedOnce,
    sourceCharacters,
    targetCount,
    characterCounting: billing.characterCounting,
  };
}
