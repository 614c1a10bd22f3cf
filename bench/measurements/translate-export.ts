import { rm } from 'node:fs/promises';
import { translateFile } from '@toex/translate';
import { createZeroLatencyProvider } from './zero-latency-provider';

/** Which translation memory the job keeps: none (`--no-cache`) or the CLI's default file cache. */
export type CacheMode = 'none' | 'file';

/** The figures of a translation job the benchmarks report. */
export interface TranslationFigures {
  rows: number;
  failedRows: number;
  skippedRows: number;
  billedCharacters: number;
  requests: number;
  texts: number;
  skippedTexts: number;
  segments: number;
  duplicateSegments: number;
  uniqueSegments: number;
  cachedSegments: number;
  sentSegments: number;
  /** Distinct texts whose language was detected locally. */
  detectedTexts: number;
}

/**
 * Translates `input` to English with `translateFile`, exactly as an application would, through the
 * zero-latency provider. With `cache: 'file'` the job opens a fresh file translation memory in
 * `cacheDirectory` (what the CLI does by default, in `.toex-cache`); it is deleted first so every run
 * starts from the same empty memory. Without `from`, every message's language is detected locally, as the
 * CLI does when `--from` is not given.
 */
export async function translateExport(options: {
  input: string;
  output: string;
  cache: CacheMode;
  cacheDirectory: string;
  from?: string;
}): Promise<TranslationFigures> {
  if (options.cache === 'file') await rm(options.cacheDirectory, { recursive: true, force: true });
  const result = await translateFile({
    input: options.input,
    output: options.output,
    provider: createZeroLatencyProvider(),
    to: ['en'],
    cache: options.cache === 'file' ? options.cacheDirectory : false,
    ...(options.from === undefined ? {} : { from: options.from }),
  });
  const { stats } = result;
  return {
    rows: result.rows,
    failedRows: result.failedRows,
    skippedRows: result.skippedRows,
    billedCharacters: result.billedCharacters,
    requests: result.requests,
    texts: stats.texts,
    skippedTexts: stats.skippedTexts,
    segments: stats.segments,
    duplicateSegments: stats.duplicateSegments,
    uniqueSegments: stats.uniqueSegments,
    cachedSegments: stats.cachedSegments,
    sentSegments: stats.sentSegments,
    detectedTexts: stats.detectedTexts,
  };
}
