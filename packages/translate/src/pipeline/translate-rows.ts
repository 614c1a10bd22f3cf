import { type ContentStore, contentKey, createContentKeyer, ToexAbortError } from '@toex/core';
import {
  type LanguageDetector,
  type LanguageGuess,
  longEnoughToTrustDetection,
  mayBeWrittenIn,
  primaryLanguage,
} from '../detection/language-detector';
import { restoreTerms, TermProtector } from '../glossary/protect-terms';
import { billedCharactersPerText } from '../job/billed-characters';
import type { LanguageEvidence } from '../quality/check-low-confidence-language';
import type { Glossary, TranslationProvider, TranslationRequest, TranslationResponse } from '../spec';
import { CompletionSignal } from './completion-signal';
import { describeFailure, isJobFatal } from './failure';
import { RequestPacker } from './pack';
import { PipelineStats } from './pipeline-stats';
import { RecentResults } from './recent-results';
import { ReorderBuffer } from './reorder-buffer';
import { type CellOutcome, type RowStatus, rowStatus, type TextSkipReason } from './row-status';
import { skipReason, type TextKind } from './skip';
import { splitLongText } from './split-long-text';
import {
  apportionCharacters,
  parseStoredTranslation,
  type StoredPayment,
  type StoredTranslation,
} from './stored-translation';

/** A row as the pipeline sees it: the texts to translate, by column. Readers add whatever else they keep. */
export interface PipelineInputRow {
  /** `kind` says what a text is when its reader knows (chat exports); absent means a message. */
  texts: ReadonlyArray<{ column: string; text: string; kind?: TextKind }>;
}

/** One translated text cell. */
export interface TranslatedText {
  column: string;
  /** The original text. */
  source: string;
  /**
   * Translation per target language. A skipped text is copied through unchanged (numbers, emoji, URLs
   * read the same in any language); a failed one has no entry.
   */
  translations: Record<string, string>;
  /** Source language: given, detected by the provider, or detected locally. Absent when unknown. */
  language?: string;
  /**
   * How `language` was found when it was not given: the local detector's verdict or the provider's
   * score. Absent when the language was given, or the provider detected it without a score.
   */
  languageEvidence?: LanguageEvidence;
  /** True when the provider reported it stopped short on this text (or a part of it). */
  truncatedByProvider?: boolean;
  outcome: CellOutcome;
}

/** A row out of the pipeline, in input order. */
export interface PipelineOutputRow<R> {
  row: R;
  texts: TranslatedText[];
  status: RowStatus;
}

/**
 * Sends one packed request. The job supplies it, wrapping the provider with budget, pacing and retry,
 * so the orchestrator only decides what goes in which request.
 */
export type SendRequest = (
  request: TranslationRequest,
  measure: { characters: number; texts: number },
  signal: AbortSignal,
) => Promise<TranslationResponse>;

/**
 * How many texts of a request, from its first, the job can still pay for, given the requests that would
 * carry it (one per target language for a provider that translates into one language at a time).
 */
export type AffordableTexts = (requests: readonly TranslationRequest[]) => number;

/** Options of {@link translateRows}. */
export interface TranslateRowsOptions {
  provider: TranslationProvider;
  /** Target language codes. */
  to: readonly string[];
  /** Source language; absent means detect (by the provider, or locally when it cannot). */
  from?: string;
  glossary?: Glossary;
  providerOptions?: Record<string, unknown>;
  send: SendRequest;
  /**
   * With a budget: a request the budget cannot pay for in full is cut to the texts it can, and the rest
   * go in a request of their own, which the budget refuses (`failed:budget_exceeded`). Absent: no cut.
   */
  affordableTexts?: AffordableTexts;
  /** Translation memory and resume journal. Absent: nothing is cached between runs. */
  store?: ContentStore<StoredTranslation>;
  /** Needed when `from` is absent and the provider cannot detect, or to skip text already in the target language. */
  detector?: LanguageDetector;
  /**
   * Source languages (primary subtags) the provider can translate into every target, for providers that
   * cannot detect. A local guess outside this list is replaced by the only listed language when the guess
   * is not trustworthy (short or unreliable text), and fails the text as `unsupported_language` when it is.
   */
  sourceLanguages?: readonly string[];
  /** Skip texts reliably detected as already in the (single) target language. Default true. */
  skipTargetLanguage?: boolean;
  /** Cap on characters per request from pacing (a per-minute quota smaller than the provider's request limit). */
  maxCharactersPerRequestForPacing?: number;
  /** Rows read ahead of the oldest unfinished one; bounds memory. Default 5,000. */
  maxRowsInFlight?: number;
  /** Requests dispatched and not yet finished (waiting for pacing or on the wire). Default 16. */
  maxRequestsInFlight?: number;
  /** Finished translations kept for in-process dedupe. Default 50,000 without a `store`, 10,000 with one. */
  recentResultsCapacity?: number;
  /**
   * A gentler stop than `signal`: no new rows are read and no new request is sent, requests already on
   * the wire are answered and stored (the provider may have billed them), then the run ends with
   * `ToexAbortError`. A rerun with the same memory sends only what never came back.
   */
  stopSignal?: AbortSignal;
  /** Counters, updated live; pass one in to read progress while the job runs. */
  stats?: PipelineStats;
  /** The job recorded in memory entries as the one that paid for them (`StoredTranslation.paidBy`). */
  jobId?: string;
  /**
   * Count memory entries paid for by this same `jobId` (an earlier, killed attempt of this job) in
   * `stats.earlierAttempt*`, so the job can bill them: what its attempts paid the provider, exactly once.
   * Entries paid for by other jobs stay free. Default false.
   */
  billEarlierAttempts?: boolean;
  signal?: AbortSignal;
}

interface Part {
  cell: Cell;
  /** Whitespace around the part, restored around its translation so rejoined parts read as the original. */
  leading: string;
  trailing: string;
  core: string;
  result?: Record<string, string>;
}

interface Cell {
  row: RowWork;
  column: string;
  source: string;
  /** What the reader said the text is; absent: a message. */
  kind: TextKind | undefined;
  language?: string;
  languageEvidence?: LanguageEvidence;
  truncatedByProvider?: boolean;
  parts: Part[];
  remaining: number;
  outcome?: CellOutcome;
}

interface RowWork<R = unknown> {
  row: R;
  cells: Cell[];
  remaining: number;
  /** Every cell has its outcome: the reorder buffer may release the row. */
  done: boolean;
}

interface Unit {
  /**
   * Identifies the text within this run. Everything else a translation depends on (provider, model,
   * targets, glossary, options) is fixed for a run, and so is `from` unless it is detected per text: the
   * key is the text itself, after its detected language in that one case (a run never mixes the two).
   */
  key: string;
  /** The translation memory's key (a SHA-256), computed only when there is a memory to ask. */
  storeKey?: string;
  /** The text as read (one part of a cell, trimmed). */
  source: string;
  /** The text as sent (glossary terms swapped for placeholders when the pipeline applies the glossary). */
  text: string;
  /** Its length once the provider has prepared it (glossary markup), when the provider says it differs. */
  sentLength?: number;
  replacements: string[];
  from: string | undefined;
  /** The parts waiting for this translation, each knowing its cell. */
  waiters: Part[];
}

const lookupBatchSize = 512;
/** Rows per batch handed to the consumer. */
const outputBatchSize = 128;
const recentGuessesCapacity = 10_000;
/** Texts per detection request: large enough to amortise a worker round trip, small enough to overlap. */
const detectionBatchSize = 512;
/** Detection requests outstanding before reading pauses; bounds the rows waiting for a language. */
const maxDetectionsInFlight = 4;
const maxRememberedGuessLength = 200;

/**
 * Translates a stream of rows, yielding every row in input order with a status. Texts that need no
 * translation are skipped; long texts are split at sentence boundaries and rejoined; identical texts are
 * sent once; the translation memory is consulted before anything is sent; the rest is packed into
 * requests at the provider's limits, one packer per source language. Memory is bounded by
 * `maxRowsInFlight` and `recentResultsCapacity`, not by the size of the input.
 */
export async function* translateRows<R extends PipelineInputRow>(
  rows: AsyncIterable<R> | Iterable<R>,
  options: TranslateRowsOptions,
): AsyncGenerator<PipelineOutputRow<R>> {
  for await (const batch of translateRowBatches(rows, options)) yield* batch;
}

/**
 * {@link translateRows}, yielding rows in batches as they become ready (in input order, batch after
 * batch), so a consumer handling millions of rows takes an asynchronous step per batch, not per row.
 */
export function translateRowBatches<R extends PipelineInputRow>(
  rows: AsyncIterable<R> | Iterable<R>,
  options: TranslateRowsOptions,
): AsyncGenerator<Array<PipelineOutputRow<R>>> {
  return new PipelineRun<R>(options).execute(rows);
}

class PipelineRun<R extends PipelineInputRow> {
  private readonly buffer = new ReorderBuffer<RowWork<R>>();
  private readonly inFlight = new Map<string, Unit>();
  private readonly recent: RecentResults<StoredTranslation>;
  /** Guesses for recent short texts: detection costs more than anything else per text, and chats repeat. */
  private readonly recentGuesses = new RecentResults<LanguageGuess | null>(recentGuessesCapacity);
  private readonly packers = new Map<string, RequestPacker<Unit>>();
  private readonly protector: TermProtector | undefined;
  private readonly completion = new CompletionSignal();
  private readonly controller = new AbortController();
  private readonly stats: PipelineStats;
  /** The translation memory's key of a text: the run's fixed settings are hashed once. */
  private readonly storeKey: (from: string, text: string) => string;
  private lookupQueue: Unit[] = [];
  /** Cells waiting for their text's language, by text, whether the text is queued or sent. */
  private readonly awaitingLanguage = new Map<string, Cell[]>();
  /** Texts to send for detection in the next batch. */
  private detectionQueue: string[] = [];
  private detectionsInFlight = 0;
  private requestsInFlight = 0;
  /** Set when the job must stop sending (budget reached, credentials refused): later units fail with it. */
  private stopped: { code: string; message: string } | undefined;
  private fatal: unknown;
  private readonly maxRowsInFlight: number;
  private readonly maxRequestsInFlight: number;
  private readonly measurePacker: RequestPacker<Unit>;
  /** The one target language texts already in it are skipped for; absent when not skipping. */
  private readonly skipTarget: string | undefined;

  constructor(private readonly options: TranslateRowsOptions) {
    // With a translation memory the recent results only spare it a lookup; without one they are the
    // only dedupe of repeats far apart, which is worth more memory.
    this.recent = new RecentResults(
      options.recentResultsCapacity ?? (options.store === undefined ? 50_000 : 10_000),
    );
    this.stats = options.stats ?? new PipelineStats();
    this.maxRowsInFlight = options.maxRowsInFlight ?? 5_000;
    this.maxRequestsInFlight = options.maxRequestsInFlight ?? 16;
    // The pipeline protects glossary terms itself only when the provider has no mechanism of its own.
    this.protector =
      options.glossary !== undefined && options.provider.capabilities.glossary === 'none'
        ? new TermProtector(options.glossary)
        : undefined;
    // Keys as before this keyer existed: contentKey(contentKey(settings…), from, text).
    this.storeKey = createContentKeyer(
      contentKey(
        'translation/v1',
        options.provider.id,
        options.provider.model ?? '',
        options.to.join(','),
        options.glossary?.id ?? '',
        JSON.stringify(options.providerOptions ?? {}),
      ),
    );
    this.measurePacker = this.createPacker();
    this.skipTarget =
      options.skipTargetLanguage !== false && options.to.length === 1
        ? primaryLanguage(options.to[0]!)
        : undefined;
    // Wake the loop so a stop with nothing in flight ends the run at once.
    options.stopSignal?.addEventListener('abort', () => this.completion.notify(), { once: true });
    options.signal?.addEventListener('abort', () => this.controller.abort(options.signal?.reason), {
      once: true,
    });
  }

  async *execute(rows: AsyncIterable<R> | Iterable<R>): AsyncGenerator<Array<PipelineOutputRow<R>>> {
    const iterator =
      Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : toAsync(rows[Symbol.iterator]());
    let inputDone = false;
    try {
      while (true) {
        this.checkHealth();
        const seen = this.completion.count;
        while (!inputDone && this.canReadMore()) {
          const next = await iterator.next();
          if (next.done === true) {
            inputDone = true;
            break;
          }
          this.admit(next.value);
          if (this.lookupQueue.length >= lookupBatchSize) await this.lookup();
        }
        this.dispatchDetection();
        await this.lookup();
        // Partial requests wait to be filled while more rows can come; send them once reading pauses for
        // good: the input is done, or the row window is full and no request is out to free rows of it.
        // (While requests wait for pacing, flushing at every pause would send a partial request each time.)
        const stalled =
          this.buffer.size >= this.maxRowsInFlight &&
          this.requestsInFlight === 0 &&
          this.detectionsInFlight === 0;
        // Texts still waiting for their language would otherwise go out in requests of their own.
        const allPlanned = inputDone && this.detectionsInFlight === 0 && this.detectionQueue.length === 0;
        if (allPlanned || stalled) this.flushPackers();
        // Released in small batches, each built just before it is taken: rows a request releases together
        // (thousands) would otherwise all be built at once and outlive a garbage collection or two.
        const ready = this.buffer.takeReady();
        for (let start = 0; start < ready.length; start += outputBatchSize) {
          yield ready.slice(start, start + outputBatchSize).map((work) => this.output(work));
        }
        this.checkHealth();
        if (inputDone && this.buffer.size === 0) return;
        if (!this.canReadMore() || inputDone) await this.completion.waitAfter(seen, this.controller.signal);
      }
    } finally {
      // The consumer stopped early, or something failed: cancel requests still on the wire.
      if (!this.controller.signal.aborted) this.controller.abort();
      await iterator.return?.();
    }
  }

  private canReadMore(): boolean {
    return (
      this.buffer.size < this.maxRowsInFlight &&
      this.requestsInFlight < this.maxRequestsInFlight &&
      this.detectionsInFlight < maxDetectionsInFlight &&
      this.options.stopSignal?.aborted !== true
    );
  }

  private checkHealth(): void {
    if (this.options.signal?.aborted) throw new ToexAbortError({ cause: this.options.signal.reason });
    if (this.fatal !== undefined) throw this.fatal;
    if (this.options.stopSignal?.aborted && this.requestsInFlight === 0) {
      throw new ToexAbortError({
        message: 'Stopped on request after the requests in flight were answered and stored.',
        cause: this.options.stopSignal.reason,
      });
    }
  }

  private admit(row: R): void {
    const work: RowWork<R> = { row, cells: [], remaining: 0, done: false };
    this.buffer.push(work);
    this.stats.rowsRead += 1;
    for (const { column, text, kind } of row.texts) {
      const cell: Cell = { row: work, column, source: text, kind, parts: [], remaining: 0 };
      work.cells.push(cell);
      this.planCell(cell);
      if (cell.outcome === undefined) work.remaining += 1;
    }
    if (work.remaining === 0) this.finishRow(work);
  }

  private planCell(cell: Cell): void {
    const skip = skipReason(cell.source, cell.kind);
    if (skip !== undefined) {
      this.skipCell(cell, skip);
      return;
    }
    if (this.options.detector !== undefined && this.needsDetection(cell.source)) {
      const known =
        cell.source.length <= maxRememberedGuessLength ? this.recentGuesses.get(cell.source) : undefined;
      if (known !== undefined) this.routeCell(cell, known ?? undefined);
      else this.queueDetection(cell);
      return;
    }
    this.routeCell(cell, undefined);
  }

  /**
   * Detection is the costliest step per text, so it runs only where its answer can change something: for
   * an engine that cannot detect, to choose the language pair; otherwise only to skip a text already in
   * the one target language, which needs a text long enough for the guess to be trusted. The `_lang`
   * column of the other texts comes from the provider, which knows what it translated from.
   */
  private needsDetection(text: string): boolean {
    if (this.options.from !== undefined) return false;
    if (!this.options.provider.capabilities.detectsLanguage) return true;
    return (
      this.skipTarget !== undefined &&
      longEnoughToTrustDetection(text) &&
      mayBeWrittenIn(text, this.skipTarget) &&
      // A text being translated, or just translated, was not skipped: no need to ask again.
      !this.inFlight.has(text) &&
      !this.recent.has(text)
    );
  }

  /**
   * Holds a cell until its text's language is known. A text already waiting, queued or sent, is not
   * asked about again: the cell waits with the others.
   */
  private queueDetection(cell: Cell): void {
    const waiting = this.awaitingLanguage.get(cell.source);
    if (waiting !== undefined) {
      waiting.push(cell);
      return;
    }
    this.awaitingLanguage.set(cell.source, [cell]);
    this.detectionQueue.push(cell.source);
    if (this.detectionQueue.length >= detectionBatchSize) this.dispatchDetection();
  }

  /** Sends the queued texts to the detector; each cell is routed, and finished if it can be, on the answer. */
  private dispatchDetection(): void {
    if (this.detectionQueue.length === 0) return;
    const texts = this.detectionQueue;
    this.detectionQueue = [];
    this.detectionsInFlight += 1;
    this.stats.detectedTexts += texts.length;
    this.options
      .detector!.detectMany(texts)
      .then((guesses) => {
        texts.forEach((text, index) => {
          const guess = guesses[index];
          if (text.length <= maxRememberedGuessLength) this.recentGuesses.set(text, guess ?? null);
          const cells = this.awaitingLanguage.get(text)!;
          this.awaitingLanguage.delete(text);
          for (const cell of cells) {
            this.routeCell(cell, guess);
            // Skipped, failed or answered at once: `admit` counted it as pending, so finish it here.
            if (cell.outcome !== undefined) this.finishCell(cell);
          }
        });
      })
      .catch((error: unknown) => {
        this.fatal ??= error;
      })
      .finally(() => {
        this.detectionsInFlight -= 1;
        this.completion.notify();
      });
  }

  /** Plans a cell once its language is known (or not needed): skip, fail, or split and attach its parts. */
  private routeCell(cell: Cell, guess: LanguageGuess | undefined): void {
    const { options } = this;
    let from = options.from;
    cell.language = from;
    const providerDetects = options.provider.capabilities.detectsLanguage;
    const trusted = guess?.reliable === true && longEnoughToTrustDetection(cell.source);
    if (guess !== undefined) {
      if (trusted && guess.language === this.skipTarget) {
        cell.language = guess.language;
        this.skipCell(cell, 'target-language');
        return;
      }
      if (!providerDetects) {
        cell.language = guess.language;
        cell.languageEvidence = { by: 'detector', reliable: trusted };
      }
    }
    if (from === undefined && !providerDetects) {
      const supported = options.sourceLanguages;
      from = guess?.language;
      if (supported !== undefined && (from === undefined || !supported.includes(from))) {
        // An untrustworthy guess outside what the engine offers is most likely a misreading of the
        // job's one source language ("ok" reads as Polish); a confident one is a real foreign text.
        from = !trusted && supported.length === 1 ? supported[0] : undefined;
        if (from === undefined && guess !== undefined) {
          this.failCell(
            cell,
            'unsupported_language',
            `this text reads as "${guess.language}", which ${options.provider.id} cannot translate into ${options.to.join(', ')} (it offers ${supported.join(', ') || 'no source language'}); pass --from, or use another provider.`,
          );
          return;
        }
      }
      // The job's one source language stood in for an untrusted guess: the language was assumed.
      if (from !== undefined && from !== guess?.language)
        cell.languageEvidence = { by: 'detector', reliable: false };
      cell.language = from ?? cell.language;
      if (from === undefined) {
        this.failCell(
          cell,
          'language_unknown',
          `${options.provider.id} cannot detect languages and this text's language could not be told; pass --from.`,
        );
        return;
      }
    }
    this.stats.texts += 1;
    // Held open while its parts are planned: a part answered at once from the recent results must not
    // finish the cell, and count it off its row, before `admit` has counted it on.
    cell.remaining = 1;
    const maxLength = this.measurePacker.maxTextLength();
    // Most texts fit in one request whole: no splitting, no list of pieces.
    if (cell.source.length <= maxLength) this.addPart(cell, cell.source, from);
    else for (const piece of splitLongText(cell.source, maxLength, from)) this.addPart(cell, piece, from);
    cell.remaining -= 1;
    // Every part was answered at once: the cell is done, and `admit` does not count it on its row.
    if (cell.remaining === 0) cell.outcome = { kind: 'translated' };
  }

  private addPart(cell: Cell, piece: string, from: string | undefined): void {
    const core = piece.trim();
    const leading = core.length === piece.length ? '' : piece.slice(0, piece.indexOf(core));
    const trailing = core.length === piece.length ? '' : piece.slice(leading.length + core.length);
    const part: Part = { cell, leading, trailing, core };
    cell.parts.push(part);
    if (core.length === 0) {
      part.result = Object.fromEntries(this.options.to.map((target) => [target, '']));
      return;
    }
    cell.remaining += 1;
    this.attach(cell, part, from);
  }

  private failCell(cell: Cell, code: string, message: string): void {
    cell.outcome = { kind: 'failed', code, message };
    this.stats.failedTexts += 1;
  }

  private skipCell(cell: Cell, reason: TextSkipReason): void {
    cell.outcome = { kind: 'skipped', reason };
    cell.parts = [
      {
        cell,
        leading: '',
        trailing: '',
        core: cell.source,
        result: Object.fromEntries(this.options.to.map((target) => [target, cell.source])),
      },
    ];
    this.stats.skippedTexts += 1;
  }

  private attach(cell: Cell, part: Part, from: string | undefined): void {
    this.stats.segments += 1;
    // No hashing here: most texts of a chat export repeat, and a Map of the text finds them for free.
    const key = from === this.options.from ? part.core : `${from}\u0000${part.core}`;
    const pending = this.inFlight.get(key);
    if (pending !== undefined) {
      pending.waiters.push(part);
      this.stats.duplicateSegments += 1;
      return;
    }
    const recent = this.recent.get(key);
    if (recent !== undefined) {
      this.stats.duplicateSegments += 1;
      this.resolvePart(cell, part, recent);
      return;
    }
    const protectedText = this.protector?.protect(part.core) ?? { text: part.core, replacements: [] };
    const unit: Unit = {
      key,
      source: part.core,
      text: protectedText.text,
      replacements: protectedText.replacements,
      from,
      waiters: [part],
    };
    const sentLength = this.sentLength(unit.text, from);
    if (sentLength !== undefined) unit.sentLength = sentLength;
    this.inFlight.set(key, unit);
    this.stats.uniqueSegments += 1;
    this.lookupQueue.push(unit);
  }

  /**
   * The provider's length of `text` as sent, when it adds markup for the job's glossary and the result
   * still fits a request (a longer one is sent without the markup, as the provider then does).
   */
  private sentLength(text: string, from: string | undefined): number | undefined {
    const { provider, glossary, to } = this.options;
    if (
      provider.sentLength === undefined ||
      glossary === undefined ||
      provider.capabilities.glossary === 'none'
    )
      return undefined;
    const length = provider.sentLength(text, { to, glossary, ...(from === undefined ? {} : { from }) });
    return length > text.length && length <= this.measurePacker.maxTextLength() ? length : undefined;
  }

  private async lookup(): Promise<void> {
    if (this.lookupQueue.length === 0) return;
    const units = this.lookupQueue;
    this.lookupQueue = [];
    const { store } = this.options;
    if (store === undefined) {
      for (const unit of units) this.enqueue(unit);
      return;
    }
    const keys = units.map((unit) => {
      unit.storeKey = this.storeKey(unit.from ?? 'auto', unit.source);
      return unit.storeKey;
    });
    const found = await store.getMany(keys);
    for (const unit of units) {
      const stored = found.has(unit.storeKey!)
        ? parseStoredTranslation(found.get(unit.storeKey!), this.options.to)
        : undefined;
      if (stored !== undefined) {
        this.stats.cachedSegments += 1;
        this.countEarlierAttempt(stored);
        this.resolveUnit(unit, stored);
      } else {
        this.enqueue(unit);
      }
    }
  }

  private createPacker(): RequestPacker<Unit> {
    return new RequestPacker<Unit>(
      this.options.provider.limits,
      this.options.to.length,
      this.options.maxCharactersPerRequestForPacing,
    );
  }

  private enqueue(unit: Unit): void {
    const group = unit.from ?? '';
    let packer = this.packers.get(group);
    if (packer === undefined) {
      packer = this.createPacker();
      this.packers.set(group, packer);
    }
    const full = packer.add(unit);
    if (full !== undefined) this.dispatch(full, unit.from);
  }

  private flushPackers(): void {
    for (const [group, packer] of this.packers) {
      if (packer.pending > 0) this.dispatch(packer.flush(), group === '' ? undefined : group);
    }
  }

  private dispatch(units: Unit[], from: string | undefined): void {
    // Stopping: what is not on the wire yet is left for the rerun.
    if (this.options.stopSignal?.aborted) return;
    if (this.stopped !== undefined) {
      this.failUnits(units, this.stopped.code, this.stopped.message);
      return;
    }
    const request: TranslationRequest = {
      texts: units.map((unit) => unit.text),
      to: this.options.to,
      ...(from === undefined ? {} : { from }),
      ...(this.options.glossary !== undefined && this.options.provider.capabilities.glossary !== 'none'
        ? { glossary: this.options.glossary }
        : {}),
      ...(this.options.providerOptions === undefined
        ? {}
        : { providerOptions: this.options.providerOptions }),
    };
    const affordable = this.options.affordableTexts?.(this.requestsFor(request)) ?? units.length;
    if (affordable > 0 && affordable < units.length) {
      // The budget pays for only the first texts: they go now, so a budget smaller than a request still
      // buys what it can; the rest go on their own, and the budget's refusal fails them and stops the job.
      this.dispatch(units.slice(0, affordable), from);
      this.dispatch(units.slice(affordable), from);
      return;
    }
    this.requestsInFlight += 1;
    // Counted as sent, markup included: it is what the provider's limit and its bill count.
    const characters = units.reduce((sum, unit) => sum + (unit.sentLength ?? unit.text.length), 0);
    const billedPerText = billedCharactersPerText(this.options.provider, request);
    this.sendRequest(request, characters)
      .then(
        (response) => this.succeed(units, response, billedPerText),
        (error: unknown) => this.fail(units, error),
      )
      .catch((error: unknown) => {
        // Storing results failed (disk full, permissions): the job cannot promise resume, so it stops.
        this.fatal ??= error;
      })
      .finally(() => {
        this.requestsInFlight -= 1;
        this.completion.notify();
      });
  }

  /**
   * One request, or one per target language for providers that translate into one language at a time;
   * their answers are merged so the rest of the pipeline sees one response per packed request.
   */
  private async sendRequest(request: TranslationRequest, characters: number): Promise<TranslationResponse> {
    const { signal } = this.controller;
    const measure = (targets: number) => ({
      characters: characters * (this.options.provider.limits.charactersCountPerTarget ? targets : 1),
      texts: request.texts.length,
    });
    const requests = this.requestsFor(request);
    if (requests.length === 1) return this.options.send(request, measure(request.to.length), signal);
    const responses = await Promise.all(
      requests.map((single) => this.options.send(single, measure(1), signal)),
    );
    const first = responses[0]!;
    return {
      items: first.items.map((item, index) => {
        // A text that failed into any one target fails: its row cannot be complete.
        const failure = responses.map((response) => response.items[index]?.failure).find(Boolean);
        return {
          ...item,
          translations: Object.assign(
            {},
            ...responses.map((response) => response.items[index]?.translations ?? {}),
          ) as Record<string, string>,
          ...(failure === undefined ? {} : { failure }),
          ...(responses.some((response) => response.items[index]?.truncated === true)
            ? { truncated: true }
            : {}),
        };
      }),
      ...sumOptional('meteredCharacters', responses),
      ...sumOptional('billableCharacters', responses),
      warnings: responses.flatMap((response) => response.warnings),
    };
  }

  /** The requests that carry a packed request: itself, or one per target for one-target providers. */
  private requestsFor(request: TranslationRequest): TranslationRequest[] {
    if (this.options.provider.capabilities.multipleTargets || request.to.length === 1) return [request];
    return request.to.map((target) => ({ ...request, to: [target] }));
  }

  /** A memory hit this job's earlier attempt paid for: billed by this job, once. */
  private countEarlierAttempt(stored: StoredTranslation): void {
    const paid = stored.paidBy;
    if (this.options.billEarlierAttempts !== true || paid === undefined || paid.jobId !== this.options.jobId)
      return;
    this.stats.earlierAttemptSegments += 1;
    this.stats.earlierAttemptCharacters += paid.characters;
    this.stats.earlierAttemptReportedCharacters =
      this.stats.earlierAttemptReportedCharacters === undefined || paid.reportedCharacters === undefined
        ? undefined
        : this.stats.earlierAttemptReportedCharacters + paid.reportedCharacters;
  }

  /** Each text's share of what the request was billed, recorded with its memory entry. */
  private payments(
    response: TranslationResponse,
    billedPerText: readonly number[],
  ): Array<StoredPayment | undefined> {
    const { jobId } = this.options;
    if (jobId === undefined || billedPerText.length !== response.items.length)
      return response.items.map(() => undefined);
    const counted =
      response.billableCharacters === undefined
        ? [...billedPerText]
        : apportionCharacters(response.billableCharacters, billedPerText);
    const reported =
      response.meteredCharacters === undefined
        ? undefined
        : apportionCharacters(response.meteredCharacters, billedPerText);
    return counted.map((characters, index) => ({
      jobId,
      characters,
      ...(reported === undefined ? {} : { reportedCharacters: reported[index]! }),
    }));
  }

  private async succeed(
    units: Unit[],
    response: TranslationResponse,
    billedPerText: readonly number[],
  ): Promise<void> {
    if (response.items.length !== units.length) {
      this.failUnits(
        units,
        'incomplete_response',
        `${this.options.provider.id} returned ${response.items.length} translations for ${units.length} texts.`,
      );
      return;
    }
    const resolved: Array<[Unit, StoredTranslation]> = [];
    const incomplete: Unit[] = [];
    const failedAlone: Array<[Unit, { code: string; message: string }]> = [];
    const payments = this.payments(response, billedPerText);
    units.forEach((unit, index) => {
      const item = response.items[index]!;
      if (item.failure !== undefined) {
        failedAlone.push([unit, item.failure]);
        return;
      }
      if (!this.options.to.every((target) => typeof item.translations[target] === 'string')) {
        incomplete.push(unit);
        return;
      }
      const translations: Record<string, string> = {};
      for (const target of this.options.to) {
        const restored = restoreTerms(item.translations[target]!, unit.replacements, unit.text);
        this.stats.glossaryTermsLost += restored.lost;
        translations[target] = restored.text;
      }
      const detected = item.detectedLanguage;
      const paidBy = payments[index];
      resolved.push([
        unit,
        {
          translations,
          ...(detected === undefined ? {} : { detectedLanguage: detected.language }),
          ...(detected?.score === undefined ? {} : { detectedScore: detected.score }),
          ...(item.truncated === true ? { truncated: true } : {}),
          ...(paidBy === undefined ? {} : { paidBy }),
        },
      ]);
    });
    // Stored before the rows are released: once a row is written its translation survives a kill.
    if (this.options.store !== undefined && resolved.length > 0) {
      await this.options.store.putMany(
        resolved.map(
          ([unit, stored]) =>
            [unit.storeKey ?? this.storeKey(unit.from ?? 'auto', unit.source), stored] as const,
        ),
      );
    }
    this.stats.sentSegments += units.length;
    for (const [unit, stored] of resolved) this.resolveUnit(unit, stored);
    // Never stored: a rerun sends these texts again.
    for (const [unit, failure] of failedAlone) this.failUnits([unit], failure.code, failure.message);
    if (incomplete.length > 0) {
      this.failUnits(
        incomplete,
        'incomplete_response',
        `${this.options.provider.id} returned no translation for some target languages.`,
      );
    }
  }

  private fail(units: Unit[], error: unknown): void {
    // A request the sender held back because of a stop was never sent: nothing to record.
    if (
      ToexAbortError.isInstance(error) &&
      this.options.stopSignal?.aborted &&
      !this.controller.signal.aborted
    )
      return;
    if (ToexAbortError.isInstance(error) || this.controller.signal.aborted) {
      this.fatal ??= ToexAbortError.isInstance(error) ? error : new ToexAbortError({ cause: error });
      return;
    }
    const failure = describeFailure(error);
    if (isJobFatal(error)) {
      // Credentials refused, quota gone, budget reached: every later request would fail the same way.
      this.stopped ??= failure;
      this.stats.stoppedBy ??= failure;
    }
    this.stats.lastFailure = failure;
    this.failUnits(units, failure.code, failure.message);
  }

  private failUnits(units: Unit[], code: string, message: string): void {
    for (const unit of units) {
      this.inFlight.delete(unit.key);
      for (const { cell } of unit.waiters) {
        if (cell.outcome === undefined) {
          cell.outcome = { kind: 'failed', code, message };
          this.stats.failedTexts += 1;
        }
        cell.remaining -= 1;
        if (cell.remaining === 0) this.finishCell(cell);
      }
    }
  }

  private resolveUnit(unit: Unit, stored: StoredTranslation): void {
    this.inFlight.delete(unit.key);
    this.recent.set(unit.key, stored);
    for (const part of unit.waiters) this.resolvePart(part.cell, part, stored);
  }

  private resolvePart(cell: Cell, part: Part, stored: StoredTranslation): void {
    part.result = stored.translations;
    if (this.options.from === undefined && stored.detectedLanguage !== undefined) {
      if (cell.language === undefined) {
        cell.language = stored.detectedLanguage;
        if (stored.detectedScore !== undefined)
          cell.languageEvidence = { by: 'provider', score: stored.detectedScore };
      }
    }
    if (stored.truncated === true) cell.truncatedByProvider = true;
    cell.remaining -= 1;
    if (cell.remaining === 0) this.finishCell(cell);
  }

  private finishCell(cell: Cell): void {
    cell.outcome ??= { kind: 'translated' };
    cell.row.remaining -= 1;
    if (cell.row.remaining === 0) this.finishRow(cell.row as RowWork<R>);
  }

  private finishRow(work: RowWork<R>): void {
    work.done = true;
  }

  private output(work: RowWork<R>): PipelineOutputRow<R> {
    const texts = work.cells.map((cell): TranslatedText => {
      const outcome = cell.outcome ?? { kind: 'translated' };
      const translations: Record<string, string> = {};
      if (outcome.kind !== 'failed') {
        for (const target of this.options.to) translations[target] = rejoin(cell.parts, target);
      }
      const text: TranslatedText = { column: cell.column, source: cell.source, translations, outcome };
      if (cell.language !== undefined) text.language = cell.language;
      if (cell.languageEvidence !== undefined) text.languageEvidence = cell.languageEvidence;
      if (cell.truncatedByProvider === true) text.truncatedByProvider = true;
      return text;
    });
    const status = rowStatus(texts.map((text) => text.outcome));
    this.stats.rowsDone += 1;
    if (status.startsWith('failed:')) this.stats.failedRows += 1;
    else if (status.startsWith('skipped:')) this.stats.skippedRows += 1;
    return { row: work.row, texts, status };
  }
}

/** A cell's translation into `target`: its parts' translations, each in the whitespace it had. */
function rejoin(parts: readonly Part[], target: string): string {
  // Most cells are one part with no whitespace around it: no joining, no new string.
  if (parts.length === 1) {
    const [part] = parts as [Part];
    const translated = part.result?.[target] ?? '';
    return part.leading === '' && part.trailing === ''
      ? translated
      : part.leading + translated + part.trailing;
  }
  let joined = '';
  for (const part of parts) joined += part.leading + (part.result?.[target] ?? '') + part.trailing;
  return joined;
}

/** Sums a usage field over responses; absent unless every response has it (unknown stays unknown). */
function sumOptional(
  field: 'meteredCharacters' | 'billableCharacters',
  responses: readonly TranslationResponse[],
): Partial<TranslationResponse> {
  if (!responses.every((response) => response[field] !== undefined)) return {};
  return { [field]: responses.reduce((sum, response) => sum + response[field]!, 0) };
}

async function* toAsync<T>(iterator: Iterator<T>): AsyncGenerator<T> {
  while (true) {
    const next = iterator.next();
    if (next.done === true) return;
    yield next.value;
  }
}
