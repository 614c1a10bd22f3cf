import { basename, dirname, extname, join } from 'node:path';
import { ConfigurationError, contentKey, type Manifest, ToexAbortError, writeManifest } from '@toex/core';
import { loadLanguageDetector } from '../detection/language-detector';
import { PipelineStats } from '../pipeline/pipeline-stats';
import { type PipelineOutputRow, translateRowBatches } from '../pipeline/translate-rows';
import { createQualityAssessor, type QualityAssessor } from '../quality/assess-quality';
import { formatFlags, type QualityFlag } from '../quality/quality-flag';
import type { SecondOpinionOptions } from '../quality/second-opinion-settings';
import type { EncodingDetection } from '../readers/detect-encoding';
import { type ReadInputOptions, readInput } from '../readers/read-input';
import type { InputFormat, ReaderWarning, SourceRow, TextColumnChoice } from '../readers/source-row';
import type { XlsxDocument, XlsxSheet } from '../readers/xlsx-reader';
import type { OutputRow } from '../writers/output-row';
import { digestInput } from './digest-input';
import { createFailFast } from './fail-fast';
import { createJobContext, createJobSender, pipelineOptionsFor } from './job-context';
import { translationJobSettings } from './job-settings';
import { outputColumns, toOutputRow } from './output-columns';
import { startProgressReporter } from './progress-reporter';
import { recordInLedger } from './record-in-ledger';
import type { TranslatedRowAnnotator } from './row-annotator';
import {
  openSecondOpinion,
  type SecondOpinion,
  type SecondOpinionSummary,
  type SecondTranslations,
} from './second-opinion';
import { type JobSummary, recordEarlierAttempts, summariseJob } from './summarise-job';
import type { TranslationJobOptions } from './translation-job-options';
import { buildTranslationManifest } from './translation-manifest';
import { writeRows } from './write-rows';

/** Options of {@link translateFile}. */
export interface TranslateFileOptions extends TranslationJobOptions {
  /** The file to translate: CSV, text (one message per line), JSONL, or a WhatsApp, Telegram or Facebook chat export. */
  input: string;
  /**
   * Where to write. Default `<input stem>.translated.csv` beside the input (`.xlsx` for a workbook). The
   * format follows the extension: `.jsonl`, `.txt`, `.xlsx` (workbook input only), anything else CSV
   * (UTF-8 with a byte-order mark, for Excel; a workbook gives one CSV per sheet, `<out stem>.<sheet>.csv`).
   */
  output?: string;
  /** Input format (`--input-format`); detected from the content, then the extension, when absent. */
  format?: InputFormat;
  /** Text columns to translate (CSV); chosen automatically when absent. */
  columns?: readonly string[];
  /** JSONL field paths holding the text; chosen automatically when absent. */
  fields?: readonly string[];
  /** Input encoding; detected when absent. */
  encoding?: string;
  /** Told about each malformed row that was kept. */
  onReaderWarning?: (warning: ReaderWarning) => void;
  /** Told what was detected about the input (encoding, layout, text columns) before translation starts. */
  onInputOpened?: (input: InputDescription) => void;
  /** Excel input: told what was found in each sheet (header row, text columns) as the sheet is reached. */
  onSheetOpened?: (sheet: XlsxSheet) => void;
  /**
   * Adds columns to every row in the same streaming pass, after the translation columns (e.g. entity
   * findings in the source and its translation); what it did is recorded in the manifest. Not for
   * `.txt` output, which holds one translation per line and no columns.
   */
  annotator?: TranslatedRowAnnotator;
  /**
   * Translate a sample of rows (or all) with a second provider too: both translations are written
   * (`<col>_<to>_second` beside `<col>_<to>`), rows where they disagree are flagged `second-opinion`, and
   * the second provider's usage and cost are in the manifest's `additionalProviders`.
   */
  secondOpinion?: SecondOpinionOptions;
}

/** What was detected about an input file, for the user to check. */
export interface InputDescription {
  format: InputFormat;
  encoding: EncodingDetection;
  /** One sentence, e.g. `semicolon-separated; header on line 4 after 3 preamble lines`. */
  layout: string;
  /** The columns translated and why they were chosen. */
  textColumns: TextColumnChoice;
}

/** What a finished file job produced. */
export interface TranslateFileResult extends JobSummary {
  outputPath: string;
  manifestPath: string;
  manifest: Manifest;
  /** What was detected about the input, for the user to check. */
  input: InputDescription;
  /** What the second opinion found and cost; absent without `secondOpinion`. */
  secondOpinion?: SecondOpinionSummary;
}

/**
 * Translates a file end to end: reads it (any encoding, preamble, delimiter), translates every text
 * through the pipeline, writes every input row in order with its translations and a status, then writes
 * the manifest beside the output and the cost to the ledger.
 *
 * The output is written to `<output>.partial` and renamed only when complete: a failed or aborted job
 * never leaves a file that looks finished, and its translations are kept in the cache for the rerun.
 * Rows that could not be translated are in the output, marked `failed:<code>`; `failedRows` counts them.
 */
export async function translateFile(given: TranslateFileOptions): Promise<TranslateFileResult> {
  const startedAt = new Date();
  const { annotator } = given;
  if (annotator !== undefined && extname(given.output ?? '').toLowerCase() === '.txt') {
    throw new ConfigurationError({
      code: 'unsupported_output',
      setting: 'output',
      message: `${given.output} holds one translation per line, with no room for the columns ${annotator.columns.join(', ')}: write .csv, .jsonl or .xlsx instead.`,
    });
  }
  const failFast = createFailFast(given);
  const options: TranslateFileOptions = { ...given, signal: failFast.signal };
  const inputDigest = await digestInput(options.input);
  const jobId =
    options.jobId ??
    contentKey(
      'translate-file',
      inputDigest.sha256,
      options.provider.id,
      options.to.join(','),
      options.from ?? '',
      options.glossary?.id ?? '',
    ).slice(0, 16);
  const readerWarnings: ReaderWarning[] = [];
  const document = await readInput(options.input, {
    ...readerOptionsFor(options),
    ...(options.onSheetOpened === undefined ? {} : { onSheet: options.onSheetOpened }),
    onWarning: (warning) => {
      readerWarnings.push(warning);
      options.onReaderWarning?.(warning);
      options.events?.emit('warning', {
        jobId,
        code: warning.code,
        message: warning.message,
        row: warning.index + 1,
      });
    },
  });
  const sheets = document.format === 'xlsx' ? (document as XlsxDocument).sheets : undefined;
  let description: InputDescription = {
    format: document.format,
    encoding: document.encoding,
    layout: document.layout,
    textColumns: document.textColumns,
  };
  options.onInputOpened?.(description);
  const outputPath = options.output ?? defaultOutputPath(options.input);
  let context: Awaited<ReturnType<typeof createJobContext>> | undefined;
  let secondOpinion: SecondOpinion | undefined;
  const stats = new PipelineStats();
  try {
    context = await createJobContext(options, jobId);
    const jobContext = context;
    if (options.secondOpinion !== undefined)
      secondOpinion = await openSecondOpinion(options, options.secondOpinion, jobContext, jobId);
    options.events?.emit('started', {
      jobId,
      kind: 'translation',
      startedAt: startedAt.toISOString(),
      unit: 'characters',
    });
    const send = createJobSender(options, jobContext, jobId, failFast);
    const columns = [
      ...outputColumns(
        document.textColumns.columns.map((column) => column.name),
        options.to,
        {
          ...(document.trailingColumns === undefined ? {} : { trailingColumns: document.trailingColumns }),
          secondOpinion: secondOpinion !== undefined,
        },
      ),
      ...(annotator?.columns ?? []),
    ];
    const assessor = createQualityAssessor({
      to: options.to,
      ...(options.from === undefined ? {} : { from: options.from }),
      ...(options.glossary === undefined ? {} : { glossary: options.glossary }),
      // The job's own detector when it has one; otherwise loaded only if an output needs it.
      detector: () =>
        jobContext.detector === undefined ? loadLanguageDetector() : Promise.resolve(jobContext.detector),
    });
    const batches = translateRowBatches<SourceRow>(document.rows, {
      ...pipelineOptionsFor(options, jobContext),
      send,
      stats,
    });
    let lineReached = 0;
    const sourceLanguages = new Map<string, number>();
    const reporter = startProgressReporter({
      jobId,
      stats,
      context: jobContext,
      progress: () => ({ done: lineReached, total: inputDigest.lineFeeds }),
      ...(options.events === undefined ? {} : { events: options.events }),
    });
    let written: Awaited<ReturnType<typeof writeRows>>;
    try {
      written = await writeRows(
        mapBatches(batches, {
          to: options.to,
          sourceLanguages,
          assessor,
          stats,
          ...(secondOpinion === undefined ? {} : { secondOpinion }),
          ...(annotator === undefined ? {} : { annotator }),
          onLine: (line) => {
            lineReached = line;
          },
        }),
        {
          destination: outputPath,
          header: document.header,
          preamble: document.preamble,
          addedColumns: columns,
          ...(document.delimiter === undefined ? {} : { delimiter: document.delimiter }),
          ...(options.signal === undefined ? {} : { signal: options.signal }),
          ...(sheets === undefined
            ? {}
            : {
                workbook: {
                  sheets,
                  to: options.to,
                  secondOpinion: secondOpinion !== undefined,
                  extraColumns: annotator?.columns ?? [],
                },
              }),
        },
      );
    } finally {
      reporter.stop();
    }
    // A workbook's columns are chosen sheet by sheet as read: the manifest records every sheet's choice.
    if (sheets !== undefined) description = { ...description, textColumns: sheetsChoice(sheets) };
    const writtenPath = written.path ?? outputPath;
    const finishedAt = new Date();
    recordEarlierAttempts(stats, jobContext);
    const summary = summariseJob(jobId, stats, jobContext);
    const annotation = annotator?.summary?.();
    const engine = await options.provider
      .describeEngine?.({ signal: failFast.signal })
      .catch(() => undefined);
    const manifest = buildTranslationManifest({
      jobId,
      provider: options.provider,
      input: { path: options.input, ...inputDigest },
      // The sink hashed the bytes as it wrote them (a file destination always reports its digest).
      output: { path: writtenPath, sha256: written.sha256!, bytes: written.bytes },
      ...(written.additionalOutputs === undefined ? {} : { additionalOutputs: written.additionalOutputs }),
      stats,
      summary,
      readerWarnings,
      startedAt,
      finishedAt,
      settings: {
        ...translationJobSettings({ options, description, context: jobContext, stats, sourceLanguages }),
        ...(annotation === undefined ? {} : { [annotation.name]: annotation.settings ?? null }),
      },
      ...(annotation?.counts === undefined ? {} : { extraCounts: annotation.counts }),
      ...(engine === undefined ? {} : { engine }),
      ...(options.command === undefined ? {} : { command: options.command }),
      ...(secondOpinion === undefined
        ? {}
        : {
            additionalProviders: [await secondOpinion.manifestEntry()],
            warnings: secondOpinionWarnings(secondOpinion.summary()),
          }),
      ...(written.neutralisedCells === undefined ||
      written.neutralisedColumns === undefined ||
      written.neutralisedPreambleLines === undefined
        ? {}
        : {
            neutralised: {
              neutralisedCells: written.neutralisedCells,
              neutralisedColumns: written.neutralisedColumns,
              neutralisedPreambleLines: written.neutralisedPreambleLines,
            },
          }),
    });
    const manifestPath = `${writtenPath}.manifest.json`;
    await writeManifest(manifestPath, manifest);
    if (options.ledger !== undefined) await recordInLedger(options.ledger, jobId, jobContext, finishedAt);
    await secondOpinion?.recordInLedger(finishedAt);
    options.events?.emit('finished', {
      jobId,
      status: 'completed',
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      rowsDone: stats.rowsDone,
      failedRows: stats.failedRows,
      unitsDone: summary.billedCharacters,
      unit: 'characters',
      billedUnits: summary.billedCharacters,
      ...(summary.cost === undefined ? {} : { cost: summary.cost }),
    });
    return {
      ...summary,
      outputPath: writtenPath,
      manifestPath,
      manifest,
      input: description,
      ...(secondOpinion === undefined ? {} : { secondOpinion: secondOpinion.summary() }),
    };
  } catch (error) {
    const finishedAt = new Date();
    options.events?.emit('finished', {
      jobId,
      status: ToexAbortError.isInstance(error) ? 'aborted' : 'failed',
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      rowsDone: stats.rowsDone,
      failedRows: stats.failedRows,
      unitsDone: context?.meter.counted === undefined ? 0 : Number(context.meter.counted.toString()),
      unit: 'characters',
      billedUnits: context?.meter.counted === undefined ? 0 : Number(context.meter.counted.toString()),
    });
    throw failFast.error ?? error;
  } finally {
    failFast.dispose();
    await document.close();
    await secondOpinion?.close();
    await context?.close();
  }
}

/** Rows sampled for a second opinion before they are sent together (rows wait in memory meanwhile)… */
const secondOpinionChunkRows = 256;
/** …or rows gathered, whichever comes first: a sparse sample must not hold a large part of the file. */
const secondOpinionMaxGatheredRows = 5_000;

interface Pending {
  rows: Array<PipelineOutputRow<SourceRow>>;
  flags: Array<Set<QualityFlag>>;
  second?: Promise<Array<SecondTranslations | undefined>>;
}

async function* mapBatches(
  batches: AsyncIterable<Array<PipelineOutputRow<SourceRow>>>,
  job: {
    to: readonly string[];
    sourceLanguages: Map<string, number>;
    assessor: QualityAssessor;
    stats: PipelineStats;
    secondOpinion?: SecondOpinion;
    annotator?: TranslatedRowAnnotator;
    onLine: (line: number) => void;
  },
): AsyncGenerator<OutputRow[]> {
  const { to, stats, secondOpinion, annotator } = job;
  const release = async (pending: Pending): Promise<OutputRow[]> => {
    const second = (await pending.second) ?? [];
    // The annotator's columns (e.g. entities) come last, after toex_flags.
    const annotations = annotator === undefined ? undefined : await annotator.annotate(pending.rows);
    return pending.rows.map((row, index) => {
      const output = toOutputRow(
        row,
        to,
        countFlags(pending.flags[index]!, stats),
        secondOpinion === undefined ? undefined : (second[index] ?? []),
      );
      return annotations === undefined
        ? output
        : { source: output.source, added: [...output.added, ...(annotations[index] ?? [])] };
    });
  };
  // With a second opinion, rows are gathered until enough texts are sampled to send them together; one
  // gathering is with the second provider while the next is read.
  let gathering: Pending = { rows: [], flags: [] };
  let inFlight: Pending | undefined;
  for await (const { rows: batch, flags } of assessAhead(batches, job)) {
    if (secondOpinion === undefined) {
      yield await release({ rows: batch, flags });
      continue;
    }
    gathering.rows.push(...batch);
    gathering.flags.push(...flags);
    if (
      gathering.rows.length >=
      Math.min(secondOpinionChunkRows * secondOpinion.every, secondOpinionMaxGatheredRows)
    ) {
      const started: Pending = {
        ...gathering,
        second: secondOpinion.review(gathering.rows, gathering.flags),
      };
      if (inFlight !== undefined) yield await release(inFlight);
      inFlight = started;
      gathering = { rows: [], flags: [] };
    }
  }
  if (inFlight !== undefined) yield await release(inFlight);
  if (gathering.rows.length > 0) {
    const last: Pending = {
      ...gathering,
      ...(secondOpinion === undefined
        ? {}
        : { second: secondOpinion.review(gathering.rows, gathering.flags) }),
    };
    yield await release(last);
  }
}

/**
 * The batches with their flags, one batch ahead: a batch's flags (which may wait for the language
 * detector) are worked out while the previous batch is written and the next is translated.
 */
async function* assessAhead(
  batches: AsyncIterable<Array<PipelineOutputRow<SourceRow>>>,
  job: { sourceLanguages: Map<string, number>; assessor: QualityAssessor; onLine: (line: number) => void },
): AsyncGenerator<{ rows: Array<PipelineOutputRow<SourceRow>>; flags: Array<Set<QualityFlag>> }> {
  let previous:
    | { rows: Array<PipelineOutputRow<SourceRow>>; flags: Promise<Array<Set<QualityFlag>>> }
    | undefined;
  for await (const batch of batches) {
    job.onLine(batch[batch.length - 1]!.row.line);
    for (const row of batch) {
      for (const text of row.texts) {
        if (text.language !== undefined)
          job.sourceLanguages.set(text.language, (job.sourceLanguages.get(text.language) ?? 0) + 1);
      }
    }
    const current = { rows: batch, flags: job.assessor.assess(batch) };
    // Awaited below; until then a failure must not count as unhandled.
    current.flags.catch(() => undefined);
    if (previous !== undefined) yield { rows: previous.rows, flags: await previous.flags };
    previous = current;
  }
  if (previous !== undefined) yield { rows: previous.rows, flags: await previous.flags };
}

/** Counts a row's flags into the job's figures and returns its `toex_flags` cell. */
function countFlags(flags: ReadonlySet<QualityFlag>, stats: PipelineStats): string {
  if (flags.size === 0) return '';
  stats.flaggedRows += 1;
  for (const flag of flags) stats.qualityFlags[flag] += 1;
  return formatFlags(flags);
}

/** The reader settings a file job passes through: format, columns, JSONL fields, encoding. */
export function readerOptionsFor(options: TranslateFileOptions): ReadInputOptions {
  return {
    ...(options.format === undefined ? {} : { format: options.format }),
    ...(options.columns === undefined ? {} : { columns: options.columns }),
    ...(options.fields === undefined ? {} : { fields: options.fields }),
    ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
  };
}

/** `chats.csv` → `chats.translated.csv` beside it; a workbook `export.xlsx` → `export.translated.xlsx`. */
export function defaultOutputPath(input: string): string {
  const extension = extname(input);
  const written = /^\.xls[xm]$/i.test(extension) ? '.xlsx' : '.csv';
  return join(dirname(input), `${basename(input, extension)}.translated${written}`);
}

/** Every sheet's text columns and why, as one choice for the manifest. */
function sheetsChoice(sheets: readonly XlsxSheet[]): TextColumnChoice {
  const columns = sheets.flatMap((sheet) => sheet.textColumns.columns);
  const unique = columns.filter(
    (column, index) => columns.findIndex((other) => other.name === column.name) === index,
  );
  return { columns: unique, reason: sheets.map((sheet) => sheet.description).join('; ') };
}

/** Manifest warnings about the second opinion: texts it could not translate. */
function secondOpinionWarnings(summary: SecondOpinionSummary): Manifest['warnings'] {
  if (summary.failedTexts === 0) return [];
  return [
    {
      code: 'second_opinion_failed',
      message: `${summary.provider} could not translate ${summary.failedTexts} sampled text(s): those rows have no second opinion.`,
      count: summary.failedTexts,
    },
  ];
}
