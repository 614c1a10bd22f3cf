import { resolve } from 'node:path';
import { ProgressEmitter, sha256File } from '@toex/core';
import { createEntityExtractor, loadWatchlist } from '@toex/entities';
import {
  estimateTranslation,
  explainUnreachable,
  howToAddPrice,
  type InputDescription,
  loadGlossary,
  missingPriceKeys,
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
import { createEntityColumns } from './entity-columns';
import { parseTranslateArguments, type TranslateArguments, translateUsage } from './translate-arguments';

/** `toex translate`: a phone export, chat export or text file, every row kept, in order, with a status. */
export const translateCommand: Command = {
  path: ['translate'],
  summary: 'translate a phone-download CSV, chat export or text file',
  usage: translateUsage,
  async run(argv, io, signal, stopSignal) {
    const args = parseTranslateArguments(argv);
    const report = (line: string) => {
      if (!args.json) io.stderr.write(line);
    };
    const opened = await openTranslationProvider(args, io, report);
    let second: Awaited<ReturnType<typeof openTranslationProvider>> | undefined;
    try {
      // The second provider is opened as --provider would open it: its own endpoint variable and key.
      second =
        args.secondOpinion === undefined
          ? undefined
          : await openTranslationProvider(
              { ...withoutEndpoint(args), provider: args.secondOpinion },
              io,
              report,
            );
      return await runJob(
        ['translate', ...argv],
        args,
        opened.provider,
        io,
        signal,
        stopSignal,
        second?.provider,
      );
    } catch (error) {
      throw explainUnreachable(error, opened.endpoint);
    } finally {
      await second?.close();
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
  secondProvider: TranslationProvider | undefined,
): Promise<ExitCode> {
  const options: TranslateFileOptions = {
    ...(await jobOptions(argv, args, provider, io, signal)),
    ...(stopSignal === undefined ? {} : { stopSignal }),
    ...(secondProvider === undefined
      ? {}
      : {
          secondOpinion: {
            provider: secondProvider,
            ...(args.secondOpinionSample === undefined ? {} : { sample: args.secondOpinionSample }),
            ...(args.secondOpinionThreshold === undefined ? {} : { threshold: args.secondOpinionThreshold }),
          },
        }),
  };
  if (args.estimate) {
    const estimate = await estimateTranslation(options);
    printEstimate(estimate, args, provider, io);
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
  printSummary(result, args, provider, io);
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
    ...(args.entities && !args.estimate ? { annotator: await entityColumns(args, io) } : {}),
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

/**
 * `--entities`: the recognizers of `toex entities` (and the `--keywords` watchlist) run on each source text
 * and its translations as rows are written, in the same pass. The CLI composes the two capabilities:
 * translate knows only that an annotator adds columns.
 */
async function entityColumns(args: TranslateArguments, io: CliIo) {
  const keywordsPath = args.keywords === undefined ? undefined : resolve(io.cwd, args.keywords);
  const watchlist = keywordsPath === undefined ? undefined : await loadWatchlist(keywordsPath);
  const digest = keywordsPath === undefined ? undefined : await sha256File(keywordsPath);
  return createEntityColumns({
    extractor: createEntityExtractor({ region: 'GB', ...(watchlist === undefined ? {} : { watchlist }) }),
    to: args.to,
    settings: {
      recognizers: 'pattern recognizers',
      region: 'GB',
      watchlist:
        keywordsPath === undefined || watchlist === undefined || digest === undefined
          ? null
          : { path: keywordsPath, sha256: digest.sha256, terms: watchlist.size },
    },
  });
}

function describeInput(path: string, input: InputDescription): string {
  return (
    `${path}: ${input.format}, ${input.encoding.name} (${input.encoding.reason}); ${input.layout}\n` +
    `translating ${input.textColumns.reason}\n`
  );
}

function printEstimate(
  estimate: TranslationEstimate,
  args: TranslateArguments,
  provider: TranslationProvider,
  io: CliIo,
): void {
  if (args.json) {
    io.stdout.write(
      `${JSON.stringify({
        rows: estimate.rows,
        segments: estimate.segments,
        uniqueSegments: estimate.uniqueSegments,
        cachedSegments: estimate.cachedSegments,
        skipped: estimate.skipped,
        billableCharacters: estimate.billableCharacters,
        ...(estimate.estimatedTokens === undefined ? {} : { estimatedTokens: estimate.estimatedTokens }),
        requests: estimate.requests,
        cost: estimate.cost,
        ...(estimate.cost === null ? { costUnknown: unknownCost(provider) } : {}),
        ...(estimate.secondOpinion === undefined ? {} : { secondOpinion: estimate.secondOpinion }),
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
    ...(estimate.estimatedTokens === undefined
      ? []
      : [
          `  tokens (estimated)   ${estimate.estimatedTokens.inputTokens.toLocaleString('en-GB')} input, ${estimate.estimatedTokens.outputTokens.toLocaleString('en-GB')} output (from characters; the bill counts the model's own tokens)`,
        ]),
    `  requests             ${estimate.requests.toLocaleString('en-GB')}`,
    `  cost                 ${estimate.cost === null ? `unknown: ${unknownCost(provider)}` : `${estimate.cost.amount} ${estimate.cost.currency}${estimate.estimatedTokens === undefined ? '' : ' (estimated)'}`}`,
  ];
  const second = estimate.secondOpinion;
  if (second !== undefined) {
    lines.push(
      `  second opinion       ${second.provider}: about ${second.billableCharacters.toLocaleString('en-GB')} characters in ${second.requests.toLocaleString('en-GB')} requests for its sample, cost ${formatCost(second.cost ?? undefined)}`,
    );
  }
  io.stdout.write(`${lines.join('\n')}\n`);
}

function printSummary(
  result: TranslateFileResult,
  args: TranslateArguments,
  provider: TranslationProvider,
  io: CliIo,
): void {
  const summary = {
    output: result.outputPath,
    manifest: result.manifestPath,
    rows: result.rows,
    failedRows: result.failedRows,
    skippedRows: result.skippedRows,
    billedCharacters: result.billedCharacters,
    meteredCharacters: result.meteredCharacters ?? null,
    requests: result.requests,
    ...(result.tokens === undefined ? {} : { tokens: result.tokens }),
    cost: result.cost ?? null,
    ...(result.cost === undefined ? { costUnknown: unknownCost(provider) } : {}),
    stoppedBy: result.stoppedBy ?? null,
    ...(args.entities
      ? {
          entityFindings: result.manifest.counts.entityFindings ?? 0,
          keywordHits: result.manifest.counts.keywordHits ?? 0,
        }
      : {}),
    flaggedRows: result.flaggedRows,
    qualityFlags: result.qualityFlags,
    ...(result.secondOpinion === undefined ? {} : { secondOpinion: result.secondOpinion }),
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
    ...(result.tokens === undefined
      ? []
      : [
          `  tokens     ${result.tokens.inputTokens.toLocaleString('en-GB')} input, ${result.tokens.outputTokens.toLocaleString('en-GB')} output (${result.tokens.source === 'provider-reported' ? 'as the provider reported them' : 'estimated: the provider did not report usage for every request'})`,
        ]),
    `  cost       ${result.cost === undefined ? `unknown: ${unknownCost(provider)}` : `${result.cost.amount} ${result.cost.currency}`}`,
    `  flagged    ${result.flaggedRows.toLocaleString('en-GB')} row(s) for review${describeFlags(result.qualityFlags)}`,
  ];
  const { counts } = result.manifest;
  if (args.entities) {
    lines.push(
      `  entities   ${(counts.entityFindings ?? 0).toLocaleString('en-GB')} findings (${(counts.findingsInTranslations ?? 0).toLocaleString('en-GB')} in translations) in ${(counts.rowsWithFindings ?? 0).toLocaleString('en-GB')} rows, ${(counts.keywordHits ?? 0).toLocaleString('en-GB')} watchlist hits`,
    );
  }
  const second = result.secondOpinion;
  if (second !== undefined) {
    lines.push(
      `  second     ${second.provider} on ${second.sampledRows.toLocaleString('en-GB')} row(s): ${second.disagreements.toLocaleString('en-GB')} disagree, ${second.failedTexts.toLocaleString('en-GB')} text(s) failed; ${second.usage.billedCharacters.toLocaleString('en-GB')} characters, cost ${formatCost(second.usage.cost)}`,
    );
  }
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

/** Why a cost is unknown and how to give the price: the catalogue keys, and a price file with --prices. */
function unknownCost(provider: TranslationProvider): string {
  const keys = missingPriceKeys({ provider });
  return `no price for ${keys.join(' and ')} in the price catalogue. ${howToAddPrice({ provider })}`;
}

/** A cost, or that it is unknown (the second opinion's provider: its price is not in the catalogue). */
function formatCost(cost: { amount: string; currency: string } | null | undefined): string {
  return cost === undefined || cost === null
    ? 'unknown: no price for this provider in the catalogue'
    : `${cost.amount} ${cost.currency}`;
}

/** `: untranslated 2, length 1` — the flags raised, in column order; nothing when none was. */
function describeFlags(counts: TranslateFileResult['qualityFlags']): string {
  const raised = Object.entries(counts).filter(([, count]) => count > 0);
  return raised.length === 0
    ? ''
    : `: ${raised.map(([flag, count]) => `${flag} ${count.toLocaleString('en-GB')}`).join(', ')} (column toex_flags)`;
}

/** The arguments with the main provider's endpoint and API version left out, to open another provider. */
function withoutEndpoint(args: TranslateArguments): TranslateArguments {
  const { endpoint: _endpoint, apiVersion: _apiVersion, ...rest } = args;
  return rest;
}
