import type { CharacterCounting } from './count-characters';

/**
 * How a provider bills characters for text translation. The field names match `TranslationBilling` in
 * `@toex/translate`, so a provider's `billing` object can be passed as it is.
 */
export interface TextTranslationBillingRule {
  /** `utf16` (Azure), `codepoints` (DeepL), or `none` when nothing is billed per character (self-hosted). */
  characterCounting: 'utf16' | 'codepoints' | 'none';
  /** True when every target language is billed again (Azure, DeepL): 100 characters to 3 languages bill 300. */
  billedPerTarget: boolean;
  /** True when markup sent in the text (tags, Azure dynamic-dictionary elements) is billed. Defaults to true. */
  billsMarkup?: boolean;
}

/**
 * The billing rule of a price entry: how the quantity is counted, so an estimate counts exactly what
 * the provider will bill.
 *
 * - `characters`: text translation; see {@link TextTranslationBillingRule}.
 * - `text-records`: every document is billed in started blocks of `charactersPerRecord` characters, and at least
 *   `minimumRecords` blocks when it has any text (Azure AI Language: 1,000 characters; Amazon Comprehend: 100, at
 *   least 3 a request).
 * - `duration`: audio or compute time, rounded up to whole `incrementSeconds` (1 = per second, 60 = per started
 *   minute), and at least `minimumSeconds` per request when the request has any audio.
 * - `other`: counted some other way, described in `description`; the caller supplies the quantity.
 */
export type MeteringRule =
  | ({ kind: 'characters' } & Required<TextTranslationBillingRule>)
  | {
      kind: 'text-records';
      charactersPerRecord: number;
      characterCounting: CharacterCounting;
      /** Fewest records billed for a document with any text. Default 1. */
      minimumRecords?: number;
    }
  | { kind: 'duration'; incrementSeconds: number; minimumSeconds: number }
  | { kind: 'other'; description: string };
