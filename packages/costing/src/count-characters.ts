/**
 * How characters are counted for billing.
 *
 * - `utf16`: UTF-16 code units, i.e. JavaScript `string.length`. Azure AI Translator counts this way
 *   ("every code point … surrogate pairs count as two").
 * - `codepoints`: Unicode code points, so an emoji is one. DeepL counts this way.
 * - `graphemes`: user-perceived characters (extended grapheme clusters), as .NET
 *   `StringInfo.LengthInTextElements` counts them. Azure AI Language measures documents this way.
 */
export type CharacterCounting = 'utf16' | 'codepoints' | 'graphemes';

let graphemeSegmenter: Intl.Segmenter | undefined;

/**
 * The number of characters in `text` under `counting`. Whitespace, punctuation and markup all count:
 * strip what the provider does not bill before calling.
 */
export function countCharacters(text: string, counting: CharacterCounting): number {
  switch (counting) {
    case 'utf16':
      return text.length;
    case 'codepoints': {
      let count = 0;
      for (const _codePoint of text) count += 1;
      return count;
    }
    case 'graphemes': {
      graphemeSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
      let count = 0;
      for (const _segment of graphemeSegmenter.segment(text)) count += 1;
      return count;
    }
  }
}
