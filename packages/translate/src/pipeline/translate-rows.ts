import { type ContentStore, contentKey, ToexAbortError } from '@toex/core';
import { restoreTerms, TermProtector } from '../glossary/protect-terms';
import type { Glossary, TranslationProvider, TranslationRequest, TranslationResponse } from '../spec';
import { CompletionSignal } from './completion-signal';
import { describeFailure, isJobFatal } from './failure';
import {
  type LanguageDetector,
  type LanguageGuess,
  longEnoughToTrustDetection,
  primaryLanguage,
} from './language-detector';
import { RequestPacker } from './pack';
import { PipelineStats } from './pipeline-stats';
import { RecentResults } from './recent-results';
import { ReorderBuffer } from './reorder-buffer';
import { type CellOutcome, type RowStatus, rowStatus, type TextSkipReason } from './row-status';
import { skipReason } from './skip';
import { splitLongText } from './split-long-text';
import { parseStoredTranslation, type StoredTranslation } from './stored-translation';

/** A row as the pipeline sees it: the texts to translate, by column. Readers add whatever else they keep. */
export interface PipelineInputRow {
  texts: ReadonlyArray<{ column: string; text: string }>;
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
  /** Finished translations kept for in-process dedupe. Default 50,000. */
  recentResultsCapacity?: number;
  /**
   * A gentler stop than `signal`: no new rows are read and no new request is sent, requests already on
   * the wire are answered and stored (the provider may have billed them), then the run ends with
   * `ToexAbortError`. A rerun with the same memory sends only what never came back.
   */
  stopSignal?: AbortSignal;
  /** Counters, updated live; pass one in to read progress while the job runs. */
  stats?: PipelineStats;
  signal?: AbortSignal;
}

interface Part {
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
  language?: string;
  parts: Part[];
  remaining: number;
  outcome?: CellOutcome;
}

interface RowWork<R = unknown> {
  row: R;
  cells: Cell[];
  remaining: number;
  complete: () => void;
}

interface Unit {
  key: string;
  /** The text as sent (glossary terms swapped for placeholders when the pipeline applies the glossary). */
  text: string;
  replacements: string[];
  from: string | undefined;
  waiters: Array<{ cell: Cell; part: Part }>;
}

const lookupBatchSize = 512;
const recentGuessesCapacity = 10_000;
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
  const run = new PipelineRun<R>(options);
  yield* run.execute(rows);
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
  private readonly keyPrefix: string;
  private lookupQueue: Unit[] = [];
  private requestsInFlight = 0;
  /** Set when the job must stop sending (budget reached, credentials refused): later units fail with it. */
  private stopped: { code: string; message: string } | undefined;
  private fatal: unknown;
  private readonly maxRowsInFlight: number;
  private readonly maxRequestsInFlight: number;
  private readonly measurePacker: RequestPacker<Unit>;

  constructor(private readonly options: TranslateRowsOptions) {
    this.recent = new RecentResults(options.recentResultsCapacity ?? 50_000);
    this.stats = options.stats ?? new PipelineStats();
    this.maxRowsInFlight = options.maxRowsInFlight ?? 5_000;
    this.maxRequestsInFlight = options.maxRequestsInFlight ?? 16;
    // The pipeline protects glossary terms itself only when the provider has no mechanism of its own.
    this.protector =
      options.glossary !== undefined && options.provider.capabilities.glossary === 'none'
        ? new TermProtector(options.glossary)
        : undefined;
    this.keyPrefix = contentKey(
      'translation/v1',
      options.provider.id,
      options.provider.model ?? '',
      options.to.join(','),
      options.glossary?.id ?? '',
      JSON.stringify(options.providerOptions ?? {}),
    );
    this.measurePacker = this.createPacker();
    // Wake the loop so a stop with nothing in flight ends the run at once.
    options.stopSignal?.addEventListener('abort', () => this.completion.notify(), { once: true });
    options.signal?.addEventListener('abort', () => this.controller.abort(options.signal?.reason), {
      once: true,
    });
  }

  async *execute(rows: AsyncIterable<R> | Iterable<R>): AsyncGenerator<PipelineOutputRow<R>> {
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
        await this.lookup();
        // Partial requests wait to be filled while more rows can come; send them once reading pauses for
        // good: the input is done, or the row window is full and no request is out to free rows of it.
        // (While requests wait for pacing, flushing at every pause would send a partial request each time.)
        const stalled = this.buffer.size >= this.maxRowsInFlight && this.requestsInFlight === 0;
        if (inputDone || stalled) this.flushPackers();
        for (const work of this.buffer.takeReady()) yield this.output(work);
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
    const work: RowWork<R> = { row, cells: [], remaining: 0, complete: () => {} };
    work.complete = this.buffer.push(work);
    this.stats.rowsRead += 1;
    for (const { column, text } of row.texts) {
      const cell: Cell = { row: work, column, source: text, parts: [], remaining: 0 };
      work.cells.push(cell);
      this.planCell(cell);
      if (cell.outcome === undefined) work.remaining += 1;
    }
    if (work.remaining === 0) this.finishRow(work);
  }

  private planCell(cell: Cell): void {
    const { options } = this;
    const skip = skipReason(cell.source);
    if (skip !== undefined) {
      this.skipCell(cell, skip);
      return;
    }
    let from = options.from;
    cell.language = from;
    const detectLocally =
      from === undefined &&
      (!options.provider.capabilities.detectsLanguage || options.skipTargetLanguage !== false);
    const guess = detectLocally ? this.detectLanguage(cell.source) : undefined;
    const trusted = guess?.reliable && longEnoughToTrustDetection(cell.source);
    if (guess !== undefined) {
      cell.language = guess.language;
      const target = options.to.length === 1 ? primaryLanguage(options.to[0]!) : undefined;
      if (options.skipTargetLanguage !== false && trusted && guess.language === target) {
        this.skipCell(cell, 'target-language');
        return;
      }
    }
    if (from === undefined && !options.provider.capabilities.detectsLanguage) {
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
    for (const piece of splitLongText(cell.source, this.measurePacker.maxTextLength(), from)) {
      const core = piece.trim();
      const part: Part = { leading: piece.slice(0, piece.indexOf(core)), trailing: '', core };
      part.trailing = piece.slice(part.leading.length + core.length);
      cell.parts.push(part);
      if (core.length === 0) {
        part.result = Object.fromEntries(options.to.map((target) => [target, '']));
        continue;
      }
      cell.remaining += 1;
      this.attach(cell, part, from);
    }
    cell.remaining -= 1;
    // Every part was answered at once: the cell is done, and `admit` does not count it on its row.
    if (cell.remaining === 0) cell.outcome = { kind: 'translated' };
  }

  /**
   * The detector's guess, remembered for short texts ("ok", "jaja", "¿dónde estás?" come back thousands of
   * times in a phone download). The detector is taken to be a function of the text alone, as `eld` is.
   */
  private detectLanguage(text: string): LanguageGuess | undefined {
    const { detector } = this.options;
    if (detector === undefined) return undefined;
    // Long texts seldom repeat, and remembering them would only hold memory.
    if (text.length > maxRememberedGuessLength) return detector.detect(text);
    const known = this.recentGuesses.get(text);
    if (known !== undefined) return known ?? undefined;
    const guess = detector.detect(text);
    this.recentGuesses.set(text, guess ?? null);
    return guess;
  }

  private failCell(cell: Cell, code: string, message: string): void {
    cell.outcome = { kind: 'failed', code, message };
    this.stats.failedTexts += 1;
  }

  private skipCell(cell: Cell, reason: TextSkipReason): void {
    cell.outcome = { kind: 'skipped', reason };
    cell.parts = [
      {
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
    const key = contentKey(this.keyPrefix, from ?? 'auto', part.core);
    const pending = this.inFlight.get(key);
    if (pending !== undefined) {
      pending.waiters.push({ cell, part });
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
      text: protectedText.text,
      replacements: protectedText.replacements,
      from,
      waiters: [{ cell, part }],
    };
    this.inFlight.set(key, unit);
    this.stats.uniqueSegments += 1;
    this.lookupQueue.push(unit);
  }

  private async lookup(): Promise<void> {
    if (this.lookupQueue.length === 0) return;
    const units = this.lookupQueue;
    this.lookupQueue = [];
    const found =
      this.options.store === undefined
        ? new Map<string, unknown>()
        : await this.options.store.getMany(units.map((unit) => unit.key));
    for (const unit of units) {
      const stored = found.has(unit.key)
        ? parseStoredTranslation(found.get(unit.key), this.options.to)
        : undefined;
      if (stored !== undefined) {
        this.stats.cachedSegments += 1;
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
    this.requestsInFlight += 1;
    this.sendRequest(request)
      .then(
        (response) => this.succeed(units, response),
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
  private async sendRequest(request: TranslationRequest): Promise<TranslationResponse> {
    const { signal } = this.controller;
    const measure = (targets: number) => ({
      characters:
        request.texts.reduce((sum, text) => sum + text.length, 0) *
        (this.options.provider.limits.charactersCountPerTarget ? targets : 1),
      texts: request.texts.length,
    });
    if (this.options.provider.capabilities.multipleTargets || request.to.length === 1) {
      return this.options.send(request, measure(request.to.length), signal);
    }
    const responses = await Promise.all(
      request.to.map((target) => this.options.send({ ...request, to: [target] }, measure(1), signal)),
    );
    const first = responses[0]!;
    return {
      items: first.items.map((item, index) => ({
        ...item,
        translations: Object.assign(
          {},
          ...responses.map((response) => response.items[index]?.translations ?? {}),
        ) as Record<string, string>,
      })),
      ...sumOptional('meteredCharacters', responses),
      ...sumOptional('billableCharacters', responses),
      warnings: responses.flatMap((response) => response.warnings),
    };
  }

  private async succeed(units: Unit[], response: TranslationResponse): Promise<void> {
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
    units.forEach((unit, index) => {
      const item = response.items[index]!;
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
      const detected = item.detectedLanguage?.language;
      resolved.push([
        unit,
        detected === undefined ? { translations } : { translations, detectedLanguage: detected },
      ]);
    });
    // Stored before the rows are released: once a row is written its translation survives a kill.
    if (this.options.store !== undefined && resolved.length > 0) {
      await this.options.store.putMany(resolved.map(([unit, stored]) => [unit.key, stored] as const));
    }
    this.stats.sentSegments += units.length;
    for (const [unit, stored] of resolved) this.resolveUnit(unit, stored);
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
    for (const { cell, part } of unit.waiters) this.resolvePart(cell, part, stored);
  }

  private resolvePart(cell: Cell, part: Part, stored: StoredTranslation): void {
    part.result = stored.translations;
    if (this.options.from === undefined && stored.detectedLanguage !== undefined)
      cell.language ??= stored.detectedLanguage;
    cell.remaining -= 1;
    if (cell.remaining === 0) this.finishCell(cell);
  }

  private finishCell(cell: Cell): void {
    cell.outcome ??= { kind: 'translated' };
    cell.row.remaining -= 1;
    if (cell.row.remaining === 0) this.finishRow(cell.row as RowWork<R>);
  }

  private finishRow(work: RowWork<R>): void {
    work.complete();
  }

  private output(work: RowWork<R>): PipelineOutputRow<R> {
    const texts = work.cells.map((cell): TranslatedText => {
      const outcome = cell.outcome ?? { kind: 'translated' };
      const translations: Record<string, string> = {};
      if (outcome.kind !== 'failed') {
        for (const target of this.options.to) {
          translations[target] = cell.parts
            .map((part) => `${part.leading}${part.result?.[target] ?? ''}${part.trailing}`)
            .join('');
        }
      }
      return {
        column: cell.column,
        source: cell.source,
        translations,
        ...(cell.language === undefined ? {} : { language: cell.language }),
        outcome,
      };
    });
    const status = rowStatus(texts.map((text) => text.outcome));
    this.stats.rowsDone += 1;
    if (status.startsWith('failed:')) this.stats.failedRows += 1;
    else if (status.startsWith('skipped:')) this.stats.skippedRows += 1;
    return { row: work.row, texts, status };
  }
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
