/** Word error rate of `hypothesis` against `reference`, with its parts. */
export interface WordErrorRate {
  /** (substitutions + deletions + insertions) / reference words; 0 when both are empty. */
  rate: number;
  /** The word-level edit distance. */
  errors: number;
  /** Words in the reference. */
  referenceWords: number;
}

/**
 * Word error rate, the standard measure of speech recognition accuracy: word-level Levenshtein distance
 * over the number of reference words. Case and punctuation other than apostrophes are ignored.
 */
export function wordErrorRate(reference: string, hypothesis: string): WordErrorRate {
  const ref = words(reference);
  const hyp = words(hypothesis);
  let previous = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const current = [i];
    for (let j = 1; j <= hyp.length; j++) {
      const substitution = previous[j - 1]! + (ref[i - 1] === hyp[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, previous[j]! + 1, current[j - 1]! + 1));
    }
    previous = current;
  }
  const errors = previous[hyp.length]!;
  return {
    rate: ref.length === 0 ? (hyp.length === 0 ? 0 : 1) : errors / ref.length,
    errors,
    referenceWords: ref.length,
  };
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .split(/\s+/)
    .filter((word) => word !== '');
}
