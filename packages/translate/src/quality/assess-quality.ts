import type { LanguageDetector } from '../detection/language-detector';
import type { PipelineOutputRow, TranslatedText } from '../pipeline/translate-rows';
import type { Glossary } from '../spec';
import { createGlossaryMissCheck } from './check-glossary-miss';
import { checkLength } from './check-length';
import { checkLowConfidenceLanguage } from './check-low-confidence-language';
import { checkMixedLanguage } from './check-mixed-language';
import { checkTruncated } from './check-truncated';
import { checkUntranslated, stillInSourceLanguage } from './check-untranslated';
import type { QualityFlag } from './quality-flag';

/** Options of {@link createQualityAssessor}. */
export interface QualityAssessorOptions {
  /** Target languages of the job. */
  to: readonly string[];
  /** The source language the job was given (`--from`); absent when detected. */
  from?: string;
  /** The job's glossary, for `glossary-miss`. */
  glossary?: Glossary;
  /**
   * The language detector, loaded on first need: only an output that may still be in the source
   * language (same script, most words shared with the source) is asked about. Absent: such outputs
   * are judged by the other rules only.
   */
  detector?: () => Promise<LanguageDetector>;
}

/** Raises the quality flags of translated rows. */
export interface QualityAssessor {
  /**
   * The flags of each row, in order. Only rows with status `ok` are checked (skipped and failed rows get
   * none), and within them only the texts that were translated.
   */
  assess(rows: ReadonlyArray<PipelineOutputRow<unknown>>): Promise<Array<Set<QualityFlag>>>;
}

/**
 * Builds the assessor a job runs over its output batches. Every rule is a cheap function of the source and
 * its translation; the language detector runs only for the few outputs no cheaper rule can settle.
 */
export function createQualityAssessor(options: QualityAssessorOptions): QualityAssessor {
  const glossaryMiss = createGlossaryMissCheck(options.glossary);
  const languageGiven = options.from !== undefined;
  let detector: Promise<LanguageDetector> | undefined;
  return {
    async assess(rows) {
      const flags = rows.map(() => new Set<QualityFlag>());
      const askDetector: Array<{ row: number; translation: string; from: string }> = [];
      rows.forEach((row, index) => {
        if (row.status !== 'ok') return;
        for (const text of row.texts) {
          if (text.outcome.kind !== 'translated') continue;
          const raised = flags[index]!;
          checkSource(text, raised);
          for (const to of options.to) {
            const translation = text.translations[to];
            if (translation === undefined) continue;
            const from = text.language;
            const pair = { source: text.source, translation, to, ...(from === undefined ? {} : { from }) };
            const untranslated = checkUntranslated(pair);
            if (untranslated === 'untranslated') raised.add('untranslated');
            else if (untranslated === 'ask-detector' && from !== undefined && options.detector !== undefined)
              askDetector.push({ row: index, translation, from });
            if (checkLength(pair)) raised.add('length');
            if (checkTruncated({ ...pair, reportedByProvider: text.truncatedByProvider === true }))
              raised.add('truncated');
            if (glossaryMiss?.(text.source, translation) === true) raised.add('glossary-miss');
          }
        }
      });
      if (askDetector.length > 0 && options.detector !== undefined) {
        detector ??= options.detector();
        const guesses = await (await detector).detectMany(askDetector.map((item) => item.translation));
        askDetector.forEach((item, index) => {
          if (stillInSourceLanguage(guesses[index], item.from)) flags[item.row]!.add('untranslated');
        });
      }
      return flags;
    },
  };

  function checkSource(text: TranslatedText, raised: Set<QualityFlag>): void {
    if (
      checkLowConfidenceLanguage({
        source: text.source,
        languageGiven,
        ...(text.languageEvidence === undefined ? {} : { evidence: text.languageEvidence }),
      })
    )
      raised.add('low-confidence-language');
    if (checkMixedLanguage(text.source)) raised.add('mixed-language');
  }
}
