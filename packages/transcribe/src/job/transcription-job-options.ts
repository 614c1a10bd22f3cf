import type { ContentStore, ProgressEmitter, RetryOptions } from '@toex/core';
import type { FxTable, Ledger, PriceCatalogue } from '@toex/costing';
import type { MediaToolsOptions } from '../media/media-tools';
import type { TranscriptionProvider } from '../spec';
import type { TranscriptFormat } from '../writers/format-transcript';
import type { SegmentTranslator } from './segment-translator';
import type { StoredChunk } from './stored-chunk';

/** Pricing inputs of a transcription job. */
export interface TranscriptionCostingOptions {
  /** Price catalogue; default `defaultPriceCatalogue()`. */
  catalogue?: PriceCatalogue;
  /** Exchange rates, when `currency` differs from the price list's. */
  fxTable?: FxTable;
  /** Currency costs are shown and budgeted in; default the price entry's. */
  currency?: string;
  /** The date prices and rates are taken at (`YYYY-MM-DD`); default today. */
  date?: string;
}

/** Options of `transcribeFiles` and `estimateTranscription`. */
export interface TranscriptionJobOptions {
  /** Audio or video files; many small files (voice notes) run as one job. */
  inputs: readonly string[];
  provider: TranscriptionProvider;
  /** BCP 47 language of the speech; absent: the provider detects it (or its only language). */
  language?: string;
  /** Expected number of speakers, for diarization. */
  speakers?: number;
  /** Where ffmpeg and ffprobe are. */
  tools?: MediaToolsOptions;
  costing?: TranscriptionCostingOptions;
  /**
   * Stop before sending when the job's estimated cost is over this amount (in the costing currency).
   * Needs a price for the provider.
   */
  budget?: string;
  signal?: AbortSignal;
}

/** Options of `transcribeFiles`. */
export interface TranscribeFilesOptions extends TranscriptionJobOptions {
  /** Directory the transcripts and manifests are written to (created when missing). */
  outputDir: string;
  /** Formats to write; default all of json, srt, vtt, txt. */
  formats?: readonly TranscriptFormat[];
  /**
   * Where finished chunks are kept so a rerun sends only what is missing: a directory (a file store is
   * opened in it), a store, or `false` for none. Default none.
   */
  cache?: string | ContentStore<StoredChunk> | false;
  /** Chunks in flight at once; default 4, capped by the provider's own limit. */
  concurrency?: number;
  /** Retries of a failed chunk; default core's (3). */
  retry?: Pick<RetryOptions, 'maxRetries' | 'baseDelayMs' | 'maxDelayMs' | 'sleep' | 'random'>;
  /** Scratch directory for extracted audio; default the OS temp directory. Cleaned up afterwards. */
  workDir?: string;
  /** Appends the job's cost to this ledger, as one entry for the whole job. */
  ledger?: { ledger: Ledger; organisation: string; caseReference?: string };
  /** Progress, retry and warning events. */
  events?: ProgressEmitter;
  /**
   * Also translate each transcript's segments, keeping their timings: `<stem>.<lang>.<ext>` beside the
   * originals, listed in the manifest.
   */
  translation?: SegmentTranslator;
  /** The command line that ran the job, for the manifest (secrets are redacted when written). */
  command?: string;
}
