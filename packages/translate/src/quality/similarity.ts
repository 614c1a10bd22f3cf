import { normaliseForComparison } from './normalise-text';

/** Character n-gram length of {@link translationSimilarity}. */
export const similarityGramLength = 3;

/**
 * How alike two translations of one text are, from 0 (nothing in common) to 1 (the same once normalised):
 * the F1 score of their character trigrams (a chrF-style measure with one n-gram order), counting
 * repeats, over the texts normalised as `normaliseForComparison` with punctuation removed. Character
 * n-grams reward the same words in another order or inflection, which word-level overlap misses, and
 * need no tokeniser for scripts written without spaces.
 */
export function translationSimilarity(a: string, b: string): number {
  const left = grams(a);
  const right = grams(b);
  if (left.total === 0 && right.total === 0) return 1;
  if (left.total === 0 || right.total === 0) return 0;
  let common = 0;
  for (const [gram, count] of left.counts) common += Math.min(count, right.counts.get(gram) ?? 0);
  return (2 * common) / (left.total + right.total);
}

function grams(text: string): { counts: Map<string, number>; total: number } {
  const cleaned = normaliseForComparison(text.replace(/[\p{P}\p{S}]+/gu, ' '));
  const characters = [...` ${cleaned} `];
  const counts = new Map<string, number>();
  let total = 0;
  if (cleaned === '') return { counts, total };
  const length = Math.min(similarityGramLength, characters.length);
  for (let start = 0; start + length <= characters.length; start += 1) {
    const gram = characters.slice(start, start + length).join('');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
    total += 1;
  }
  return { counts, total };
}
