import { resolve } from 'node:path';
import { ProgressEmitter } from '@toex/core';
import {
  estimateTranscription,
  type TranscribeFilesOptions,
  type TranscribeFilesResult,
  type TranscriptionEstimate,
  transcribeFiles,
} from '@toex/transcribe';
import type { Command } from '../command';
import { type CliIo, ExitCode } from '../io';
import { openLedger } from '../open-ledger';
import { loadCatalogueOption, todayUtc } from '../pricing-options';
import { attachProgressDisplay } from '../progress/progress-display';
import { createSegmentTranslator } from './create-segment-translator';
import { createTranscriptionProvider } from './create-transcription-provider';
import { parseTranscribeArguments, type TranscribeArguments, transcribeUsage } from './transcribe-arguments';

/** `toex transcribe`: recordings to timed transcripts, every stretch accounted for. */
export const transcribeCommand: Command = {
  path: ['transcribe'],
  summary: 'transcribe audio and video into timed transcripts (JSON, SRT, WebVTT, text)',
  usage: transcribeUsage,
  async run(argv, io, signal) {
    const args = parseTranscribeArguments(argv);
    const date = todayUtc();
    const options = {
      inputs: args.inputs.map((input) => resolve(io.cwd, input)),
      provider: createTranscriptionProvider(args, io.env),
      costing: {
        catalogue: await loadCatalogueOption(args.prices, io.cwd),
        date,
        ...(args.currency === undefined ? {} : { currency: args.currency }),
      },
      signal,
      ...(args.language === undefined ? {} : { language: args.language }),
      ...(args.speakers === undefined ? {} : { speakers: args.speakers }),
      ...(args.budget === undefined ? {} : { budget: args.budget }),
    };
    if (args.estimate) {
      printEstimate(await estimateTranscription(options), args, io);
      return ExitCode.ok;
    }
    const events = new ProgressEmitter();
    const display = attachProgressDisplay(
      events,
      io,
      args.json ? 'json' : io.stderr.isTTY === true ? 'tty' : 'quiet',
    );
    let result: TranscribeFilesResult;
    const ledger = args.ledger === undefined ? undefined : await openLedger(args.ledger, io.cwd);
    try {
      const jobOptions: TranscribeFilesOptions = {
        ...options,
        outputDir: resolve(io.cwd, args.out),
        formats: args.formats,
        cache: args.cache === false ? false : resolve(io.cwd, args.cache),
        events,
        command: ['toex', 'transcribe', ...argv].join(' '),
        ...(args.translateTo === undefined
          ? {}
          : { translation: createSegmentTranslator(args.translateTo, io.env, args.cache, io.cwd) }),
        ...(args.concurrency === undefined ? {} : { concurrency: args.concurrency }),
        ...(args.maxRetries === undefined ? {} : { retry: { maxRetries: args.maxRetries } }),
        ...(ledger === undefined
          ? {}
          : {
              ledger: {
                ledger: ledger.ledger,
                organisation: args.organisation!,
                ...(args.caseReference === undefined ? {} : { caseReference: args.caseReference }),
              },
            }),
      };
      result = await transcribeFiles(jobOptions);
    } finally {
      display.finish();
      await ledger?.close();
    }
    printSummary(result, args, io);
    const failedTranslations = result.files.reduce((sum, file) => sum + file.failedTranslations, 0);
    return result.failedChunks > 0 || failedTranslations > 0 ? ExitCode.failedRows : ExitCode.ok;
  },
};

function printEstimate(estimate: TranscriptionEstimate, args: TranscribeArguments, io: CliIo): void {
  const summary = {
    files: estimate.files,
    durationSeconds: estimate.durationSeconds,
    requests: estimate.requests,
    billedSeconds: estimate.billedSeconds,
    cost: estimate.cost,
  };
  if (args.json) {
    io.stdout.write(`${JSON.stringify({ event: 'estimate', ...summary })}\n`);
    return;
  }
  const lines = [
    `Estimate for ${estimate.files.length} file(s) with ${args.provider} (nothing was sent)`,
    ...estimate.files.map(
      (file) =>
        `  ${file.path}  ${formatDuration(file.durationSeconds)}${file.hasVideo ? ' (video)' : ''}, ${file.requests} request(s)`,
    ),
    `  audio       ${formatDuration(estimate.durationSeconds)}`,
    `  requests    ${estimate.requests}`,
    `  billed      ${estimate.billedSeconds} s`,
    `  cost        ${estimate.cost === null ? 'unknown: no price for this provider in the catalogue' : `${estimate.cost.amount} ${estimate.cost.currency}`}`,
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
}

function printSummary(result: TranscribeFilesResult, args: TranscribeArguments, io: CliIo): void {
  if (args.json) {
    io.stdout.write(
      `${JSON.stringify({
        event: 'summary',
        jobId: result.jobId,
        files: result.files.map((file) => ({
          input: file.input,
          outputs: file.outputs.map((output) => output.path),
          manifest: file.manifestPath,
          durationSeconds: file.transcript.durationSeconds,
          chunks: file.chunks,
          cachedChunks: file.cachedChunks,
          failedChunks: file.failedChunks,
        })),
        failedChunks: result.failedChunks,
        billedSeconds: result.billedSeconds,
        cost: result.cost ?? null,
      })}\n`,
    );
    return;
  }
  const lines = result.files.flatMap((file) => [
    `Wrote ${file.outputs.map((output) => output.path).join(', ')}`,
    `  manifest   ${file.manifestPath}`,
    `  audio      ${formatDuration(file.transcript.durationSeconds)} in ${file.chunks} chunk(s): ${file.cachedChunks} from the cache, ${file.failedChunks} failed`,
  ]);
  lines.push(
    `  billed     ${result.billedSeconds} s; cost ${result.cost === undefined ? 'unknown: no price for this provider in the catalogue' : `${result.cost.amount} ${result.cost.currency}`}`,
  );
  if (result.failedChunks > 0) {
    lines.push(
      `${result.failedChunks} chunk(s) failed: they are marked as NOT TRANSCRIBED gaps in every output.` +
        (args.cache === false ? '' : ' Rerun the same command to retry only those.'),
    );
  }
  lines.push('Machine transcription: have it checked before relying on it as evidence.');
  io.stderr.write(`${lines.join('\n')}\n`);
}

function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}
