import type { JsonValue } from '@toex/core';
import {
  ENTITIES_COLUMN,
  type EntityExtractor,
  type Finding,
  findingsCell,
  KEYWORD_HITS_COLUMN,
  keywordHitsCell,
} from '@toex/entities';
import type { AnnotatedRow, TranslatedRowAnnotator } from '@toex/translate';

/** Options of {@link createEntityColumns}. */
export interface EntityColumnsOptions {
  /** The extractor (recognizers and, with `--keywords`, the watchlist), built once for the job. */
  extractor: EntityExtractor;
  /** Target languages, in the order translations are written. */
  to: readonly string[];
  /** Recorded in the manifest's `settings.entities`: region, watchlist path, SHA-256 and size. */
  settings: Record<string, JsonValue>;
}

/**
 * `toex translate --entities`: the `entities` and `keyword_hits` columns of `toex entities`, found in
 * each source text and in each of its translations, added to the translated rows as they are written.
 * Every finding carries `in`, the column it was found in: `<col>` for the source, `<col>_<to>` for a
 * translation (as `toex entities` does whenever more than one text of a row is searched). A translation
 * that is the source copied through (a skipped text: a URL, a number) is not searched again, so a finding
 * is not counted twice.
 */
export function createEntityColumns(options: EntityColumnsOptions): TranslatedRowAnnotator {
  const { extractor, to } = options;
  const counts = { entityFindings: 0, keywordHits: 0, rowsWithFindings: 0, findingsInTranslations: 0 };
  const search = (text: string, column: string, into: Finding[]): number => {
    if (text === '') return 0;
    const found = extractor.extract(text);
    for (const finding of found) into.push({ ...finding, in: column });
    return found.length;
  };
  return {
    columns: [ENTITIES_COLUMN, KEYWORD_HITS_COLUMN],
    annotate(rows: readonly AnnotatedRow[]) {
      return rows.map((row) => {
        const findings: Finding[] = [];
        for (const text of row.texts) {
          search(text.source, text.column, findings);
          for (const target of to) {
            const translation = text.translations[target];
            if (translation === undefined || translation === text.source) continue;
            counts.findingsInTranslations += search(translation, `${text.column}_${target}`, findings);
          }
        }
        counts.entityFindings += findings.length;
        for (const finding of findings) if (finding.type === 'keyword') counts.keywordHits++;
        if (findings.length > 0) counts.rowsWithFindings++;
        return [findingsCell(findings), keywordHitsCell(findings)];
      });
    },
    summary: () => ({
      name: 'entities',
      settings: { ...options.settings, searched: ['source', 'translation'] },
      counts: { ...counts },
    }),
  };
}
