import type { Finding } from '../finding';

/** Name of the added column holding the findings of a row as a JSON array. */
export const ENTITIES_COLUMN = 'entities';
/** Name of the added column listing a row's watchlist hits as `term [category]; …`. */
export const KEYWORD_HITS_COLUMN = 'keyword_hits';

/**
 * A row's findings as the JSON array written in the `entities` column: each finding with its fields in
 * a fixed order, `category` and `in` only when set.
 */
export function findingsCell(findings: readonly Finding[]): string {
  return JSON.stringify(
    findings.map((finding) => ({
      type: finding.type,
      text: finding.text,
      start: finding.start,
      end: finding.end,
      normalized: finding.normalized,
      confidence: finding.confidence,
      recognizer: finding.recognizer,
      validated: finding.validated,
      ...(finding.category === undefined ? {} : { category: finding.category }),
      ...(finding.in === undefined ? {} : { in: finding.in }),
    })),
  );
}

/** The `keyword_hits` cell: each distinct watchlist term once, as `term [category]`, joined by `; `. */
export function keywordHitsCell(findings: readonly Finding[]): string {
  const seen = new Set<string>();
  for (const finding of findings) {
    if (finding.type === 'keyword') seen.add(`${finding.normalized} [${finding.category ?? ''}]`);
  }
  return [...seen].join('; ');
}
