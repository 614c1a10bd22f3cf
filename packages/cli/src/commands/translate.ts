import { resolve } from 'node:path';
import { ProgressEmitter } from '@toex/core';
import {
  estimateTranslation,
  explainUnreachable,
  type InputDescription,
  loadGlossary,
  openTranslationProvider,
  type TranslateFileOptions,
  type TranslateFileResult,
  type TranslationEstimate,
  type TranslationProvider,
  translateFile,
} from '@toex/translate';
import type { Command } from '../command';
import { recordedCommandLine } from '../command-line';
import { type CliIo, ExitCode } from '../io';
import { openLedger } from '../open-ledger';
import { loadCatalogueOption, loadFxOptions, todayUtc } from '../pricing-options';
import { attachProgressDisplay } from '../progress/progress-display';
import { parseTranslateArguments, type TranslateArguments, translateUsage } from './translate-arguments';

/** `toex translate`: a phone export, chat export or text file, every row kept, in order, with a status. */
export const translateCommand: Command = {
  path: ['translate'],
  summary: 'translate a phone-download CSV, chat export or text file',
  usage: translateUsage,
  async run(argv, io, signal, stopSignal) {
    const args = parseTranslateArguments(argv);
    const opened = await openTranslationProvider(args, io, (line) => {
      if (!args.json) io.stderr.write(line);
    });
    try {
      return await runJob(['translate', ...argv], args, opened.provider, io, signal, stopSignal);
    } catch (error) {
      throw explainUnreachable(error, opened.endpoint);
    } finally {
      await opened.close();
    }
  },
};

async function runJob(
  argv: readonly string[],
  args: TranslateArguments,
  provider: TranslationProvider,
  io: CliIo,
  signal: AbortSignal,
  stopSignal: AbortSignal | undefined,
): Promise<ExitCode> {
  const options = {
    ...(await jobOptions(argv, args, provider, io, signal)),
    ...(stopSignal === undefined ? {} : { stopSignal }),
  };
  if (args.estimate) {
    const estimate = await estimateTranslation(options);
    printEstimate(estimate, args, io);
    return ExitCode.ok;
  }
  const events = new ProgressEmitter();
  const display = attachProgressDisplay(
    events,
    io,
    args.json ? 'json' : io.stderr.isTTY === true ? 'tty' : 'quiet',
  );
  let result: TranslateFileResult;
  const ledger = args.ledger === undefined ? undefined : await openLedger(args.ledger, io.cwd);
  try {
    result = await translateFile({
      ...options,
      events,
      ...(args.out === undefined ? {} : { output: resolve(io.cwd, args.out) }),
      ...(args.budget === undefined ? {} : { budget: { job: args.budget } }),
      ...(ledger === undefined
        ? {}
        : {
            ledger: {
              ledger: ledger.ledger,
              organisation: args.organisation!,
              ...(args.caseReference === undefined ? {} : { caseReference: args.caseReference }),
            },
          }),
    });
  } finally {
    display.finish();
    await ledger?.close();
  }
  printSummary(result, args, io);
  if (result.stoppedBy?.code === 'budget_exceeded') return ExitCode.budget;
  return result.failedRows > 0 ? ExitCode.failedRows : ExitCode.ok;
}

async function jobOptions(
  argv: readonly string[],
  args: TranslateArguments,
  provider: TranslationProvider,
  io: CliIo,
  signal: AbortSignal,
): Promise<TranslateFileOptions> {
  const date = todayUtc();
  const [glossary, catalogue, fxTable] = await Promise.all([
    args.glossary === undefined ? undefined : loadGlossary(resolve(io.cwd, args.glossary)),
    loadCatalogueOption(args.prices, io.cwd),
    loadFxOptions({
      fx: args.fx,
      ...(args.fxFile === undefined ? {} : { fxFile: args.fxFile }),
      cwd: io.cwd,
      defaultDate: date,
    }),
  ]);
  return {
    input: resolve(io.cwd, args.input),
    provider,
    command: recordedCommandLine(argv),
    to: args.to,
    cache: args.cache === false ? false : resolve(io.cwd, args.cache),
    costing: {
      catalogue,
      fxTable,
      date,
      ...(args.currency === undefined ? {} : { currency: args.currency }),
    },
    signal,
    ...(args.from === undefined ? {} : { from: args.from }),
    ...(glossary === undefined ? {} : { glossary }),
    ...(args.inputFormat === undefined ? {} : { format: args.inputFormat }),
    ...(args.columns.length === 0 ? {} : { columns: args.columns }),
    ...(args.fields.length === 0 ? {} : { fields: args.fields }),
    ...(args.encoding === undefined ? {} : { encoding: args.encoding }),
    ...(args.concurrency === undefined ? {} : { concurrency: args.concurrency }),
    ...(args.charactersPerMinute === undefined ? {} : { charactersPerMinute: args.charactersPerMinute }),
    ...(args.maxRetries === undefined ? {} : { retry: { maxRetries: args.maxRetries } }),
    // What was detected goes to stderr so a user can check it, and stdout stays clean for --json.
    onInputOpened: (input) => {
      if (!args.json) io.stderr.write(describeInput(args.input, input));
    },
    // A workbook's sheets are found one by one as they are read: say what was chosen in each.
    onSheetOpened: (sheet) => {
      if (!args.json) io.stderr.write(`  ${sheet.description}\n`);
    },
  };
}

function describeInput(path: string, input: InputDescription): string {
  return (
    `${path}: ${input.format}, ${input.encoding.name} (${input.encoding.reason}); ${input.layout}\n` +
    `translating ${input.textColumns.reason}\n`
  );
}

function printEstimate(estimate: TranslationEstimate, args: TranslateArguments, io: CliIo): void {
  if (args.json) {
    io.stdout.write(
      `${JSON.stringify({
        rows: estimate.rows,
        segments: estimate.segments,
        uniqueSegments: estimate.uniqueSegments,
        cachedSegments: estimate.cachedSegments,
        skipped: estimate.skipped,
        billableCharacters: estimate.billableCharacters,
        requests: estimate.requests,
        cost: estimate.cost,
      })}\n`,
    );
    return;
  }
  const lines = [
    `Estimate for ${args.input} → ${args.to.join(', ')} with ${args.provider} (nothing was sent)`,
    `  rows                 ${estimate.rows.toLocaleString('en-GB')}`,
    `  skipped rows         ${estimate.skipped.toLocaleString('en-GB')} (nothing to translate)`,
    `  segments             ${estimate.segments.toLocaleString('en-GB')} (${estimate.uniqueSegments.toLocaleString('en-GB')} distinct, ${estimate.cachedSegments.toLocaleString('en-GB')} already in the cache)`,
    `  billable characters  ${estimate.billableCharacters.toLocaleString('en-GB')}`,
    `  requests             ${estimate.requests.toLocaleString('en-GB')}`,
    `  cost                 ${estimate.cost === null ? 'unknown: no price for this provider in the catalogue' : `${estimate.cost.amount} ${estimate.cost.currency}`}`,
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
}

function printSummary(result: TranslateFileResult, args: TranslateArguments, io: CliIo): void {
  const summary = {
    output: result.outputPath,
    manifest: result.manifestPath,
    rows: result.rows,
    failedRows: result.failedRows,
    skippedRows: result.skippedRows,
    billedCharacters: result.billedCharacters,
    meteredCharacters: result.meteredCharacters ?? null,
    requests: result.requests,
    cost: result.cost ?? null,
    stoppedBy: result.stoppedBy ?? null,
  };
  if (args.json) {
    io.stdout.write(`${JSON.stringify({ event: 'summary', ...summary })}\n`);
    return;
  }
  const { stats } = result;
  const lines = [
    `Wrote ${result.outputPath}`,
    `  manifest   ${result.manifestPath}`,
    `  rows       ${result.rows.toLocaleString('en-GB')}: ${(result.rows - result.failedRows - result.skippedRows).toLocaleString('en-GB')} translated, ${result.skippedRows.toLocaleString('en-GB')} skipped, ${result.failedRows.toLocaleString('en-GB')} failed`,
    `  segments   ${stats.segments.toLocaleString('en-GB')}: ${stats.sentSegments.toLocaleString('en-GB')} sent, ${stats.cachedSegments.toLocaleString('en-GB')} from the cache, ${stats.duplicateSegments.toLocaleString('en-GB')} duplicates`,
    `  billed     ${result.billedCharacters.toLocaleString('en-GB')} characters in ${result.requests.toLocaleString('en-GB')} requests${result.meteredCharacters === undefined ? '' : ` (provider metered ${result.meteredCharacters.toLocaleString('en-GB')})`}`,
    `  cost       ${result.cost === undefined ? 'unknown: no price for this provider in the catalogue' : `${result.cost.amount} ${result.cost.currency}`}`,
  ];
  if (result.stoppedBy !== undefined) lines.push(`Stopped sending: ${result.stoppedBy.message}`);
  if (result.failedRows > 0) {
    lines.push(
      `${result.failedRows} row(s) failed: they are in the output marked failed:<code>.` +
        (args.cache === false
          ? ''
          : ' Rerun the same command to retry only those: the rest come from the cache.'),
    );
  }
  lines.push('Machine translation: have it checked before relying on it as evidence.');
  io.stderr.write(`${lines.join('\n')}\n`);
}
