import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import {
  type ContentStore,
  createRateLimiter,
  MACHINE_OUTPUT_NOTICE,
  MANIFEST_SCHEMA_VERSION,
  type Manifest,
  manifestEndpoint,
  openFileContentStore,
  sha256File,
  writeManifest,
} from '@toex/core';
import { Decimal, ledgerEntriesFor, priceUsage } from '@toex/costing';
import { resolveMediaTools } from '../media/media-tools';
import type { TranscriptionProvider } from '../spec';
import type { Transcript } from '../transcript/transcript';
import { VERSION } from '../version';
import { transcriptFormats } from '../writers/format-transcript';
import { checkBudget, estimateTranscription } from './estimate-transcription';
import { type ChunkOutcome, mergeChunks } from './merge-chunks';
import { chunkLimitsFor, type PreparedChunk, prepareMedia } from './prepare-media';
import { billedSeconds, createSecondsPricer } from './price-seconds';
import { translateTranscript } from './segment-translator';
import { type StoredChunk, storedChunkSchema } from './stored-chunk';
import { type ChunkContext, transcribeChunk } from './transcribe-chunk';
import type { TranscribeFilesOptions } from './transcription-job-options';
import type { WrittenFile } from './write-transcript-files';
import { writeTranscriptFiles } from './write-transcript-files';

/** What one input became. */
export interface TranscribedFile {
  input: string;
  transcript: Transcript;
  /** The transcript files written, in the order of the formats asked for. */
  outputs: WrittenFile[];
  manifestPath: string;
  manifest: Manifest;
  chunks: number;
  /** Chunks taken from the store (done by an earlier run), not sent. */
  cachedChunks: number;
  /** Chunks that failed after retries: gaps in the transcript. */
  failedChunks: number;
  /** Segments whose translation failed (with `translation`): marked in the translated files. */
  failedTranslations: number;
  /** Seconds billed for the chunks sent by this run. */
  billedSeconds: string;
}

/** What a transcription job did. */
export interface TranscribeFilesResult {
  jobId: string;
  files: TranscribedFile[];
  /** Total failed chunks over all files; non-zero means some transcript has a gap (CLI exit 4). */
  failedChunks: number;
  cachedChunks: number;
  /** Requests sent (each retry counts once more at the provider, but a chunk counts once here). */
  sentChunks: number;
  billedSeconds: string;
  /** `undefined` when the catalogue has no price for the provider. */
  cost?: { amount: string; currency: string };
}

const DEFAULT_CONCURRENCY = 4;

/**
 * Transcribes audio and video files through `options.provider`, as one job:
 *
 * 1. probes every input first (a bad file fails the job before anything is sent) and checks the budget
 *    against the estimate;
 * 2. extracts 16 kHz mono audio, cuts it at silences into chunks within the provider's limits;
 * 3. transcribes the chunks of all files concurrently under core's rate limiter, with core's retry;
 *    finished chunks go to the content store, so a rerun after a kill sends only what is missing;
 * 4. merges each file's chunks with their offsets (a chunk that still fails is a marked gap), writes
 *    `<outputDir>/<stem>.<format>` and `<stem>.manifest.json`, and appends one ledger entry for the job.
 */
export async function transcribeFiles(options: TranscribeFilesOptions): Promise<TranscribeFilesResult> {
  const startedAt = new Date();
  const jobId = randomUUID();
  const { provider } = options;
  const tools = resolveMediaTools(options.tools);
  const formats = options.formats ?? transcriptFormats;
  const estimate = await estimateTranscription(options);
  checkBudget(estimate, options.budget);
  const pricer = createSecondsPricer(provider, options.costing, options.budget !== undefined);
  await mkdir(options.outputDir, { recursive: true });
  const workDir = await mkdtemp(join(options.workDir ?? tmpdir(), 'toex-transcribe-'));
  const { store, ownsStore } = await openStore(options.cache);
  const concurrency = Math.min(
    options.concurrency ?? DEFAULT_CONCURRENCY,
    provider.limits.maxConcurrentRequests ?? Number.POSITIVE_INFINITY,
  );
  const context: ChunkContext = {
    provider,
    limiter: createRateLimiter({ budgets: [], maxConcurrency: concurrency }),
    store,
    request: {
      ...(options.language === undefined ? {} : { language: options.language }),
      ...(options.speakers === undefined ? {} : { speakers: options.speakers }),
    },
    retry: options.retry,
    jobId,
    events: options.events,
    signal: options.signal,
  };
  const totalSeconds = estimate.durationSeconds;
  options.events?.emit('started', {
    jobId,
    kind: 'transcription',
    startedAt: startedAt.toISOString(),
    totalRows: estimate.requests,
    totalUnits: Math.round(totalSeconds),
    unit: 'audioSeconds',
  });
  let doneChunks = 0;
  let doneSeconds = 0;
  const onChunk = (outcome: ChunkOutcome) => {
    doneChunks += 1;
    doneSeconds += outcome.chunk.end - outcome.chunk.start;
    options.events?.emit('progress', {
      jobId,
      rowsDone: doneChunks,
      unitsDone: Math.round(doneSeconds),
      unitsTotal: Math.round(totalSeconds),
      unit: 'audioSeconds',
      billedUnits: Math.round(doneSeconds),
    });
    return outcome;
  };
  try {
    // Files are prepared one after another (ffmpeg is CPU-bound) while earlier files' chunks are on the
    // wire, so many small voice notes and one long interview both keep the provider busy.
    const pending: Array<{ index: number; durationSeconds: number; outcomes: Promise<ChunkOutcome[]> }> = [];
    for (const [index, probe] of estimate.probes.entries()) {
      const started: Array<Promise<ChunkOutcome>> = [];
      const prepared = await prepareMedia(probe, workDir, `input${index}`, chunkLimitsFor(provider.limits), {
        tools,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onChunk: (chunk: PreparedChunk) => {
          const outcome = transcribeChunk(chunk, context).then(onChunk);
          outcome.catch(() => undefined);
          started.push(outcome);
        },
      });
      const outcomes = Promise.all(started);
      // Rejections are collected below; this keeps an early one from being reported as unhandled.
      outcomes.catch(() => undefined);
      pending.push({ index, durationSeconds: prepared.durationSeconds, outcomes });
    }
    const files: TranscribedFile[] = [];
    const stems = uniqueStems(options.inputs);
    for (const item of pending) {
      const outcomes = await item.outcomes;
      files.push(
        await finishFile({
          input: options.inputs[item.index]!,
          stem: stems[item.index]!,
          durationSeconds: item.durationSeconds,
          outcomes,
          options,
          provider,
          pricer,
          jobId,
          startedAt,
          formats,
        }),
      );
    }
    const sent = files.flatMap((file) => file.billedSeconds);
    const billed = Decimal.sum(sent);
    const cost = pricer.cost(billed);
    await recordInLedger(options, jobId, pricer, billed, startedAt);
    const result: TranscribeFilesResult = {
      jobId,
      files,
      failedChunks: sum(files.map((file) => file.failedChunks)),
      cachedChunks: sum(files.map((file) => file.cachedChunks)),
      sentChunks: sum(files.map((file) => file.chunks - file.cachedChunks)),
      billedSeconds: billed.toString(),
      ...(cost === undefined ? {} : { cost }),
    };
    options.events?.emit('finished', {
      jobId,
      status: 'completed',
      finishedAt: new Date().toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      rowsDone: doneChunks,
      failedRows: result.failedChunks,
      cachedRows: result.cachedChunks,
      unitsDone: Math.round(doneSeconds),
      unit: 'audioSeconds',
      billedUnits: Number(billed.toString()),
      ...(cost === undefined ? {} : { cost }),
    });
    return result;
  } finally {
    if (ownsStore) await store?.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

async function finishFile(args: {
  input: string;
  stem: string;
  durationSeconds: number;
  outcomes: ChunkOutcome[];
  options: TranscribeFilesOptions;
  provider: TranscriptionProvider;
  pricer: ReturnType<typeof createSecondsPricer>;
  jobId: string;
  startedAt: Date;
  formats: NonNullable<TranscribeFilesOptions['formats']>;
}): Promise<TranscribedFile> {
  const { outcomes, provider, options } = args;
  const results = outcomes.flatMap((outcome) => (outcome.status === 'failed' ? [] : [outcome.result]));
  const sentOutcomes = outcomes.filter((outcome) => outcome.status === 'done');
  const failed = outcomes.filter((outcome) => outcome.status === 'failed').length;
  const cached = outcomes.filter((outcome) => outcome.status === 'cached').length;
  const billed = billedSeconds(
    provider,
    sentOutcomes.map((outcome) => outcome.chunk.end - outcome.chunk.start),
  );
  const metered = sentOutcomes.map((outcome) =>
    outcome.status === 'done' ? outcome.result.meteredSeconds : undefined,
  );
  const meteredSeconds =
    metered.length > 0 && metered.every((value) => value !== undefined) ? sum(metered) : null;
  const transcript: Transcript = {
    language: options.language ?? results.find((result) => result.language !== undefined)?.language ?? 'und',
    durationSeconds: round(args.durationSeconds),
    segments: mergeChunks(outcomes),
    warnings: dedupeWarnings([
      ...results.flatMap((result) => result.warnings),
      ...(failed === 0
        ? []
        : [
            {
              code: 'chunks_failed',
              message: `${failed} of ${outcomes.length} chunk(s) could not be transcribed; they are marked as gaps.`,
            },
          ]),
    ]),
    metadata: {
      provider: provider.id,
      apiVersion: provider.apiVersion,
      ...(provider.model === undefined ? {} : { model: provider.model }),
      chunks: outcomes.map((outcome) => ({
        start: outcome.chunk.start,
        end: outcome.chunk.end,
        status: outcome.status,
        ...(outcome.status !== 'failed' && outcome.result.requestId !== undefined
          ? { requestId: outcome.result.requestId }
          : {}),
      })),
      jobId: args.jobId,
    },
  };
  const outputs = await writeTranscriptFiles(transcript, options.outputDir, args.stem, args.formats);
  let failedTranslations = 0;
  if (options.translation !== undefined) {
    const translated = await translateTranscript(transcript, options.translation, options.signal);
    failedTranslations = translated.failed;
    outputs.push(
      ...(await writeTranscriptFiles(
        translated.transcript,
        options.outputDir,
        `${args.stem}.${options.translation.to}`,
        args.formats,
      )),
    );
  }
  const inputDigest = await sha256File(args.input);
  const cost = args.pricer.cost(billed);
  const finishedAt = new Date();
  const manifest: Manifest = {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    toexVersion: VERSION,
    kind: 'transcription',
    machineOutput: true,
    notice: MACHINE_OUTPUT_NOTICE,
    job: { id: args.jobId, ...(options.command === undefined ? {} : { command: options.command }) },
    input: { path: args.input, ...inputDigest },
    output: outputs[0]!,
    additionalOutputs: outputs.slice(1),
    provider: {
      id: provider.id,
      apiVersion: provider.apiVersion,
      endpoint: provider.endpoint.startsWith('local:')
        ? provider.endpoint
        : manifestEndpoint(provider.endpoint),
      ...(provider.region === undefined ? {} : { region: provider.region }),
      ...(provider.model === undefined ? {} : { model: provider.model }),
    },
    counts: {
      durationMs: Math.round(args.durationSeconds * 1000),
      chunks: outcomes.length,
      cachedChunks: cached,
      failedChunks: failed,
      segments: transcript.segments.filter((segment) => segment.gap === undefined).length,
      ...(options.translation === undefined ? {} : { failedTranslations }),
    },
    billing: {
      unit: 'audioSeconds',
      audioSeconds: Number(billed.toString()),
      meteredAudioSeconds: meteredSeconds,
    },
    cost: cost === undefined ? null : { ...cost, estimated: true },
    warnings: transcript.warnings,
    startedAt: args.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - args.startedAt.getTime(),
  };
  const manifestPath = join(options.outputDir, `${args.stem}.manifest.json`);
  await writeManifest(manifestPath, manifest);
  return {
    input: args.input,
    transcript,
    outputs,
    manifestPath,
    manifest,
    chunks: outcomes.length,
    cachedChunks: cached,
    failedChunks: failed,
    failedTranslations,
    billedSeconds: billed.toString(),
  };
}

async function recordInLedger(
  options: TranscribeFilesOptions,
  jobId: string,
  pricer: ReturnType<typeof createSecondsPricer>,
  billed: Decimal,
  time: Date,
): Promise<void> {
  const target = options.ledger;
  if (target === undefined || pricer.entry === undefined) return;
  const common = {
    jobId,
    organisation: target.organisation,
    time,
    description: `transcription of ${options.inputs.length} file(s) with ${options.provider.id}`,
    ...(target.caseReference === undefined ? {} : { caseReference: target.caseReference }),
  };
  const pricing = {
    currency: pricer.currency,
    ...(options.costing?.fxTable === undefined ? {} : { fxTable: options.costing.fxTable }),
  };
  const priced = priceUsage({
    ...pricing,
    entry: pricer.entry,
    quantity: billed,
    unit: 'second',
    ...(options.costing?.date === undefined ? {} : { date: options.costing.date }),
  });
  await target.ledger.append(
    ledgerEntriesFor(priced, { ...common, quantitySource: 'client-count', clientQuantity: billed }),
  );
}

async function openStore(
  cache: TranscribeFilesOptions['cache'],
): Promise<{ store: ContentStore<StoredChunk> | undefined; ownsStore: boolean }> {
  if (cache === undefined || cache === false) return { store: undefined, ownsStore: false };
  if (typeof cache !== 'string') return { store: cache, ownsStore: false };
  const store = await openFileContentStore({
    path: join(cache, 'transcription-chunks.jsonl'),
    schema: storedChunkSchema,
  });
  return { store, ownsStore: true };
}

/** `<stem>` per input; two inputs with one stem (`a/x.mp4`, `b/x.mp4`) get `x`, `x-2`. */
function uniqueStems(inputs: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return inputs.map((input) => {
    const stem = basename(input, extname(input));
    const count = (seen.get(stem) ?? 0) + 1;
    seen.set(stem, count);
    return count === 1 ? stem : `${stem}-${count}`;
  });
}

function dedupeWarnings<T extends { code: string; message: string }>(warnings: readonly T[]): T[] {
  const seen = new Set<string>();
  return warnings.filter((warning) => {
    const key = `${warning.code}\n${warning.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sum(values: ReadonlyArray<number | undefined>): number {
  return values.reduce<number>((total, value) => total + (value ?? 0), 0);
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
