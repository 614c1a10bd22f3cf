import { basename, dirname, extname, join } from 'node:path';
import { contentKey, type Manifest, ToexAbortError, writeManifest } from '@toex/core';
import { PipelineStats } from '../pipeline/pipeline-stats';
import { translateRowBatches } from '../pipeline/translate-rows';
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
  const stats = new PipelineStats();
  try {
    context = await createJobContext(options, jobId);
    const jobContext = context;
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
      ),
      ...(document.trailingColumns ?? []),
    ];
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
        mapBatches(batches, options.to, sourceLanguages, (line) => {
          lineReached = line;
        }),
        {
          destination: outputPath,
          header: document.header,
          preamble: document.preamble,
          addedColumns: columns,
          ...(document.delimiter === undefined ? {} : { delimiter: document.delimiter }),
          ...(options.signal === undefined ? {} : { signal: options.signal }),
          ...(sheets === undefined ? {} : { workbook: { sheets, to: options.to } }),
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
      settings: translationJobSettings({ options, description, context: jobContext, stats, sourceLanguages }),
      ...(engine === undefined ? {} : { engine }),
      ...(options.command === undefined ? {} : { command: options.command }),
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
    await context?.close();
  }
}

async function* mapBatches(
  batches: AsyncIterable<Array<Parameters<typeof toOutputRow>[0]>>,
  to: readonly string[],
  sourceLanguages: Map<string, number>,
  onLine: (line: number) => void,
): AsyncGenerator<OutputRow[]> {
  for await (const batch of batches) {
    onLine(batch[batch.length - 1]!.row.line);
    for (const row of batch) {
      for (const text of row.texts) {
        if (text.language !== undefined)
          sourceLanguages.set(text.language, (sourceLanguages.get(text.language) ?? 0) + 1);
      }
    }
    yield batch.map((row) => toOutputRow(row, to));
  }
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
