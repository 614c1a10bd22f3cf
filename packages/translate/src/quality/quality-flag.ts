/**
 * The quality flags a translation job can raise on a row, in the order they are written. Each points a
 * human reviewer at rows worth checking first; none changes the translation. See the translate README's
 * "Quality flags" table for the rule and threshold behind each.
 */
export const qualityFlags = [
  'untranslated',
  'length',
  'low-confidence-language',
  'mixed-language',
  'glossary-miss',
  'truncated',
  'second-opinion',
] as const;

/** One quality flag: see {@link qualityFlags}. */
export type QualityFlag = (typeof qualityFlags)[number];

/** Name of the column holding a row's flags, `;`-separated, empty when nothing was flagged. */
export const flagsColumn = 'toex_flags';

/** Rows raising each flag (a row raising a flag in two of its texts counts once). */
export type QualityFlagCounts = Record<QualityFlag, number>;

/** Every flag at zero, in the order of {@link qualityFlags}. */
export function emptyFlagCounts(): QualityFlagCounts {
  return Object.fromEntries(qualityFlags.map((flag) => [flag, 0])) as QualityFlagCounts;
}

/** The `toex_flags` cell: each flag once, in the order of {@link qualityFlags}, joined with `;`. */
export function formatFlags(flags: Iterable<QualityFlag>): string {
  const raised = new Set(flags);
  return qualityFlags.filter((flag) => raised.has(flag)).join(';');
}
