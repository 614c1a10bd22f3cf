import { emptyFlagCounts, type QualityFlagCounts } from '../quality/quality-flag';

/**
 * Live counters of a translation run. The job reads them for progress events and the manifest.
 * "Segments" are the pieces sent for translation: one per text, or several when a long text is split.
 */
export class PipelineStats {
  /** Rows read from the input. */
  rowsRead = 0;
  /** Rows released to the output, in order. */
  rowsDone = 0;
  /** Rows with a failed text. */
  failedRows = 0;
  /** Rows with nothing to translate. */
  skippedRows = 0;
  /** Texts planned for translation (not skipped). */
  texts = 0;
  /** Texts skipped (empty, no letters, URL only, already in the target language). */
  skippedTexts = 0;
  /** Texts that could not be translated. */
  failedTexts = 0;
  /** Distinct texts whose language was detected locally (see `LanguageDetector`). */
  detectedTexts = 0;
  /** Segments planned for translation, duplicates included. */
  segments = 0;
  /** Segments served by an identical one earlier in this run. */
  duplicateSegments = 0;
  /** Distinct segments this run had to obtain (from the memory or the provider). */
  uniqueSegments = 0;
  /** Distinct segments found in the translation memory. */
  cachedSegments = 0;
  /** Distinct segments sent to the provider and answered. */
  sentSegments = 0;
  /** Distinct segments from the memory that an earlier attempt of this same job paid for (billed by it). */
  earlierAttemptSegments = 0;
  /** Their billed characters, by our count (see `StoredTranslation.paidBy`). */
  earlierAttemptCharacters = 0;
  /** Their characters as the provider reported metering them; `undefined` once any was unreported. */
  earlierAttemptReportedCharacters: number | undefined = 0;
  /** Glossary placeholders the engine lost (their terms were appended in brackets). */
  glossaryTermsLost = 0;
  /** Rows with at least one quality flag (counted by jobs that check quality, as rows are written). */
  flaggedRows = 0;
  /** Rows raising each quality flag. */
  qualityFlags: QualityFlagCounts = emptyFlagCounts();
  /** Set when the run stopped sending (budget reached, credentials refused): later texts failed with it. */
  stoppedBy: { code: string; message: string } | undefined;
  /** The most recent request failure, for the end-of-job summary. */
  lastFailure: { code: string; message: string } | undefined;
}
