import type { Glossary } from '../../spec';

// Azure's dynamic dictionary: `<mstrans:dictionary translation="…">phrase</mstrans:dictionary>` inside the
// text makes Azure render `phrase` as the given translation. Case-sensitive, needs an explicit `from`, and
// "the From and To languages must include English"; the markup is billed as characters.
// https://learn.microsoft.com/azure/ai-services/translator/text-translation/reference/v3/translate#translate-with-dynamic-dictionary
// https://learn.microsoft.com/azure/ai-services/translator/text-translation/how-to/use-dynamic-dictionary

// Scripts written without spaces between words: a term in them is matched wherever it occurs, since there
// is no word boundary to look for (a Chinese name sits between other Han characters).
const unspacedScript =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const wordCharacter = /[\p{L}\p{N}_]/u;
// Characters a term cannot contain: the term is element content, so these would break the markup.
const markupCharacters = /[<>&]/;

/** Escapes a value for a double-quoted XML attribute, line breaks and tabs included (XML would turn them into spaces). */
export function escapeXmlAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** The dynamic-dictionary element that makes Azure render `term` as `translation`. */
export function dictionaryMarkup(term: string, translation: string): string {
  return `<mstrans:dictionary translation="${escapeXmlAttribute(translation)}">${term}</mstrans:dictionary>`;
}

/** True when Azure's dynamic dictionary works for this pair: one side must be English. */
export function dictionarySupportsPair(from: string, to: string): boolean {
  return isEnglish(from) || isEnglish(to);
}

function isEnglish(code: string): boolean {
  return code.trim().toLowerCase().split(/[-_]/)[0] === 'en';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Pattern for one term: whole words, except at an edge written in a script without spaces. */
function termPattern(term: string): string {
  const characters = [...term];
  const first = characters[0] ?? '';
  const last = characters[characters.length - 1] ?? '';
  const needsBoundary = (character: string) =>
    wordCharacter.test(character) && !unspacedScript.test(character);
  const before = needsBoundary(first) ? '(?<![\\p{L}\\p{N}_])' : '';
  const after = needsBoundary(last) ? '(?![\\p{L}\\p{N}_])' : '';
  return `${before}${escapeRegExp(term)}${after}`;
}

/**
 * A glossary compiled into Azure dynamic-dictionary markup. Terms match case-sensitively (as Azure's
 * feature does) and as whole words, longest first, so `New York Police` wins over `New York`.
 */
export class AzureDynamicDictionary {
  /** Entries left out because their term is empty or contains `<`, `>` or `&`, which markup cannot carry. */
  readonly skippedEntries: number;
  private readonly pattern: RegExp | undefined;
  private readonly translations: Map<string, string>;

  constructor(glossary: Glossary) {
    this.translations = new Map();
    let skipped = 0;
    for (const entry of glossary.entries) {
      if (entry.term === '' || markupCharacters.test(entry.term)) skipped += 1;
      else if (!this.translations.has(entry.term)) this.translations.set(entry.term, entry.translation);
    }
    this.skippedEntries = skipped;
    const terms = [...this.translations.keys()].sort((a, b) => b.length - a.length);
    this.pattern = terms.length === 0 ? undefined : new RegExp(terms.map(termPattern).join('|'), 'gu');
  }

  /** `text` with every glossary term wrapped in dictionary markup; unchanged when no term occurs. */
  mark(text: string): string {
    if (this.pattern === undefined) return text;
    return text.replace(this.pattern, (term) => dictionaryMarkup(term, this.translations.get(term) ?? term));
  }
}
