import type { Glossary } from '../spec';

/** A text with glossary terms swapped for placeholders, and how to put the translations back. */
export interface ProtectedText {
  /** The text to send, with each glossary term replaced by a placeholder token. */
  text: string;
  /** The translations to restore, in placeholder order. */
  replacements: string[];
}

/**
 * Applies a glossary for providers with no glossary mechanism of their own: each term found in the
 * text (whole words, case-insensitive, longest term first) is replaced by a placeholder token that
 * engines copy through untranslated, and {@link restoreTerms} swaps the glossary translation in.
 *
 * The token is letters and digits only (`ZQX0QZX`): engines treat it as an unknown proper noun and
 * leave it alone, where punctuation-based markers get reordered, split or spaced.
 */
export class TermProtector {
  private readonly pattern: RegExp | undefined;
  private readonly translations: Map<string, string>;

  constructor(glossary: Glossary) {
    this.translations = new Map(
      glossary.entries.map((entry) => [entry.term.toLocaleLowerCase(), entry.translation]),
    );
    const terms = glossary.entries.map((entry) => entry.term).sort((a, b) => b.length - a.length);
    this.pattern =
      terms.length === 0
        ? undefined
        : new RegExp(
            `(?<![\\p{L}\\p{N}_])(?:${terms.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_])`,
            'giu',
          );
  }

  /** Replaces glossary terms in `text` with placeholders. */
  protect(text: string): ProtectedText {
    if (this.pattern === undefined) return { text, replacements: [] };
    const replacements: string[] = [];
    const protectedText = text.replace(this.pattern, (match) => {
      replacements.push(this.translations.get(match.toLocaleLowerCase()) ?? match);
      return placeholder(replacements.length - 1);
    });
    return { text: protectedText, replacements };
  }
}

/**
 * Puts glossary translations back in place of their placeholders. Returns the restored text and the
 * number of placeholders the engine lost (they are appended in brackets so the term is never silently
 * dropped from what an investigator reads).
 *
 * `sent` is the text as sent (with placeholders). Engines that mark words they do not know — Apertium
 * with `markUnknownWords` writes `*ZQX0QZX` — mark the placeholder too, but the term's translation is
 * known, so that mark is removed: a `*` before the placeholder that the sent text did not have there
 * (asterisks the sender wrote, as in WhatsApp's `*bold*`, are kept).
 */
export function restoreTerms(
  translated: string,
  replacements: readonly string[],
  sent = '',
): { text: string; lost: number } {
  let text = translated;
  const missing: string[] = [];
  replacements.forEach((replacement, index) => {
    const token = new RegExp(`(\\**)${placeholder(index)}`, 'i');
    const found = token.exec(text);
    if (found === null) {
      missing.push(replacement);
      return;
    }
    const marks = found[1]!.length;
    const engineMarks = marks > (token.exec(sent)?.[1]?.length ?? 0) ? 1 : 0;
    text =
      text.slice(0, found.index + marks - engineMarks) +
      replacement +
      text.slice(found.index + found[0].length);
  });
  if (missing.length > 0) text = `${text} [${missing.join('; ')}]`;
  return { text, lost: missing.length };
}

function placeholder(index: number): string {
  return `ZQX${index}QZX`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
