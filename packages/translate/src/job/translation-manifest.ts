import {
  VERSION as coreVersion,
  type FileDigest,
  type JsonValue,
  MANIFEST_SCHEMA_VERSION,
  type Manifest,
  type ManifestAdditionalProvider,
  manifestEndpoint,
} from '@toex/core';
import type { PipelineStats } from '../pipeline/pipeline-stats';
import type { ReaderWarning } from '../readers/source-row';
import type { TranslationEngine, TranslationProvider } from '../spec';
import { VERSION } from '../version';
import type { CsvWriteResult } from '../writers/csv-writer';
import type { JobSummary } from './summarise-job';

/** Warnings of one code beyond this many are summarised in one line with a count. */
const warningsKeptPerCode = 20;

/**
 * The evidential record of a translation: what went in and came out (SHA-256), which provider,
 * API version, endpoint and region processed it, what was counted, metered and charged, and when.
 */
export function buildTranslationManifest(input: {
  jobId: string;
  provider: TranslationProvider;
  input: FileDigest & { path: string };
  output: FileDigest & { path: string };
  /** Other files the job wrote (a workbook written as CSV: one file per sheet after the first). */
  additionalOutputs?: ReadonlyArray<FileDigest & { path: string }>;
  stats: PipelineStats;
  summary: JobSummary;
  readerWarnings: readonly ReaderWarning[];
  startedAt: Date;
  finishedAt: Date;
  /** What the job was asked to do (see `translationJobSettings`). */
  settings?: Record<string, JsonValue>;
  /** The engine behind the provider, when it can say. */
  engine?: TranslationEngine;
  /** The command line that ran the job, secrets redacted. */
  command?: string;
  /** Counts added by a row annotator (e.g. `entityFindings`), after the translation's own. */
  extraCounts?: Readonly<Record<string, number>>;
  /** The CSV writer's count of cells it prefixed with `'` (absent for formats that neutralise nothing). */
  neutralised?: Pick<CsvWriteResult, 'neutralisedCells' | 'neutralisedColumns' | 'neutralisedPreambleLines'>;
  /** Other providers' work in the job (a second opinion), each with its own billing and cost. */
  additionalProviders?: readonly ManifestAdditionalProvider[];
  /** Further warnings about the job (e.g. from the second opinion). */
  warnings?: Manifest['warnings'];
}): Manifest {
  const { provider, stats, summary } = input;
  return {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    toexVersion: VERSION === '0.0.0-test' ? coreVersion : VERSION,
    kind: 'translation',
    machineOutput: true,
    notice:
      'Machine translation. Not checked by a human translator; have it verified before relying on it as evidence.',
    job: { id: input.jobId, ...(input.command === undefined ? {} : { command: input.command }) },
    ...(input.settings === undefined ? {} : { settings: input.settings }),
    input: { path: input.input.path, sha256: input.input.sha256, bytes: input.input.bytes },
    output: { path: input.output.path, sha256: input.output.sha256, bytes: input.output.bytes },
    additionalOutputs: (input.additionalOutputs ?? []).map(({ path, sha256, bytes }) => ({
      path,
      sha256,
      bytes,
    })),
    provider: {
      id: provider.id,
      apiVersion: provider.apiVersion,
      endpoint: manifestEndpoint(provider.endpoint),
      ...(provider.region === undefined ? {} : { region: provider.region }),
      ...(provider.model === undefined ? {} : { model: provider.model }),
      ...(input.engine === undefined ? {} : { engine: input.engine }),
    },
    counts: {
      rows: stats.rowsDone,
      texts: stats.texts + stats.skippedTexts + stats.failedTexts,
      segments: stats.segments,
      uniqueSegments: stats.uniqueSegments,
      cachedSegments: stats.cachedSegments,
      sentSegments: stats.sentSegments,
      requests: summary.requests,
      skipped: stats.skippedRows,
      failed: stats.failedRows,
      glossaryTermsLost: stats.glossaryTermsLost,
      flaggedRows: stats.flaggedRows,
      ...(input.neutralised === undefined ? {} : { neutralisedCells: input.neutralised.neutralisedCells }),
      ...input.extraCounts,
    },
    qualityFlags: { ...summary.qualityFlags },
    billing: {
      unit: 'characters',
      characters: summary.billedCharacters,
      meteredCharacters: summary.meteredCharacters ?? null,
      mismatch: summary.usageMismatch,
      // A chat model bills tokens: the cost is priced on the reported tokens (our estimates beside them,
      // and used in their place when the provider reported none).
      ...(summary.tokens === undefined
        ? {}
        : {
            pricedOn: 'tokens',
            tokensSource: summary.tokens.source,
            inputTokens: summary.tokens.inputTokens,
            outputTokens: summary.tokens.outputTokens,
            estimatedInputTokens: summary.tokens.estimatedInputTokens,
            estimatedOutputTokens: summary.tokens.estimatedOutputTokens,
          }),
    },
    cost: summary.cost === undefined ? null : { ...summary.cost, estimated: true },
    ...(input.additionalProviders === undefined || input.additionalProviders.length === 0
      ? {}
      : { additionalProviders: [...input.additionalProviders] }),
    warnings: [
      ...(summary.stoppedBy === undefined
        ? []
        : [{ code: summary.stoppedBy.code, message: `Stopped sending: ${summary.stoppedBy.message}` }]),
      ...summariseReaderWarnings(input.readerWarnings),
      ...neutralisedCellWarnings(input.neutralised),
      ...(input.warnings ?? []),
    ],
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    durationMs: input.finishedAt.getTime() - input.startedAt.getTime(),
  };
}

function summariseReaderWarnings(warnings: readonly ReaderWarning[]): Manifest['warnings'] {
  const byCode = new Map<string, ReaderWarning[]>();
  for (const warning of warnings) byCode.set(warning.code, [...(byCode.get(warning.code) ?? []), warning]);
  return [...byCode.entries()].flatMap(([code, list]) => [
    ...list
      .slice(0, warningsKeptPerCode)
      .map((warning) => ({ code, message: warning.message, row: warning.index + 1 })),
    ...(list.length > warningsKeptPerCode
      ? [
          {
            code,
            message: `${list.length - warningsKeptPerCode} more like this.`,
            count: list.length - warningsKeptPerCode,
          },
        ]
      : []),
  ]);
}

/**
 * One warning per output column in which cells were prefixed with `'` (and one for the preamble): those
 * cells differ from the input by that one character, and a reviewer comparing the two must know where.
 */
function neutralisedCellWarnings(
  neutralised: Pick<CsvWriteResult, 'neutralisedColumns' | 'neutralisedPreambleLines'> | undefined,
): Manifest['warnings'] {
  if (neutralised === undefined) return [];
  const what =
    "started like a spreadsheet formula and were written with a leading ' so a spreadsheet shows them as text";
  return [
    ...(neutralised.neutralisedPreambleLines === 0
      ? []
      : [
          {
            code: 'formula_neutralised',
            message: `Preamble: ${neutralised.neutralisedPreambleLines} line(s) ${what}.`,
            count: neutralised.neutralisedPreambleLines,
          },
        ]),
    ...neutralised.neutralisedColumns.map((column) => ({
      code: 'formula_neutralised',
      message: `Column ${column.index + 1}${column.name === '' ? '' : ` "${column.name}"`}: ${column.cells} cell(s) ${what}.`,
      count: column.cells,
    })),
  ];
}
