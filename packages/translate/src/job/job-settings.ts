import type { JsonValue } from '@toex/core';
import { describeDetector } from '../detection/eld-model';
import type { PipelineStats } from '../pipeline/pipeline-stats';
import { skipRules } from '../pipeline/skip';
import type { JobContext } from './job-context';
import type { InputDescription, TranslateFileOptions } from './translate-file';

/**
 * What a file job was asked to do and what it decided, for the manifest's `settings`: enough for a
 * reviewer holding only the output and its manifest to say how to produce it again.
 */
export function translationJobSettings(input: {
  options: TranslateFileOptions;
  description: InputDescription;
  context: JobContext;
  stats: PipelineStats;
  /** Texts per source language, as the provider or the detector named it. */
  sourceLanguages: ReadonlyMap<string, number>;
}): Record<string, JsonValue> {
  const { options, description, context, stats } = input;
  const { glossary } = options;
  const cache = options.cache;
  return {
    to: [...options.to],
    from: options.from ?? null,
    // Detected per text unless `from` was given: how many texts were in each language.
    sourceLanguages: Object.fromEntries(
      [...input.sourceLanguages.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
    ),
    languageDetection:
      options.from !== undefined
        ? 'none (source given)'
        : options.provider.capabilities.detectsLanguage
          ? 'provider'
          : 'local',
    input: {
      format: description.format,
      encoding: description.encoding.name,
      layout: description.layout,
      columns: description.textColumns.columns.map((column) => column.name),
      ...(options.fields === undefined ? {} : { fields: [...options.fields] }),
    },
    glossary:
      glossary === undefined
        ? null
        : {
            id: glossary.id,
            terms: glossary.entries.length,
            ...(glossary.source === undefined
              ? {}
              : { path: glossary.source.path, sha256: glossary.source.sha256 }),
          },
    skipRules: [
      ...skipRules,
      ...(context.detector !== undefined && options.to.length === 1 ? ['target-language'] : []),
    ],
    translationMemory:
      cache === undefined || cache === false
        ? null
        : {
            ...(typeof cache === 'string' ? { path: cache } : { store: 'custom' }),
            hits: stats.cachedSegments,
          },
    detector: context.detector === undefined ? null : { ...describeDetector() },
    ...(options.providerOptions === undefined ? {} : { providerOptions: toJson(options.providerOptions) }),
    concurrency: context.concurrency,
    charactersPerMinute: options.charactersPerMinute ?? null,
    currency: context.currency,
  };
}

/** Provider options as plain JSON: functions and other non-JSON values are left out. */
function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}
