import type { Glossary } from '../spec';
import { normaliseForComparison } from './normalise-text';

/**
 * Builds the `glossary-miss` check for a glossary: a term found in the source (a whole word or phrase,
 * case-insensitive, as the pipeline matches terms) whose glossary translation is nowhere in the output
 * (compared case-insensitively, whitespace collapsed). Returns `undefined` for an empty glossary.
 */
export function createGlossaryMissCheck(
  glossary: Glossary | undefined,
): ((source: string, translation: string) => boolean) | undefined {
  const entries = glossary?.entries.filter((entry) => entry.term.trim() !== '') ?? [];
  if (entries.length === 0) return undefined;
  const byTerm = new Map(
    entries.map((entry) => [normaliseForComparison(entry.term), normaliseForComparison(entry.translation)]),
  );
  const terms = [...byTerm.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}_])(?:${terms.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_])`,
    'gu',
  );
  return (source, translation) => {
    const output = normaliseForComparison(translation);
    for (const [match] of normaliseForComparison(source).matchAll(pattern)) {
      const expected = byTerm.get(match);
      if (expected !== undefined && !output.includes(expected)) return true;
    }
    return false;
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}
