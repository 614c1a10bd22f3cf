import type { ContentStore } from '@toex/core';
import type { Finding } from '../finding';
import type { NamedEntityBilling, NamedEntityProvider } from './spec';
import { namedEntitiesKey, type StoredNamedEntities } from './stored-named-entities';

/** Splits a text into pieces within `max` code units, at white space where possible, with their offsets. */
function pieces(text: string, max: number): Array<{ text: string; offset: number }> {
  const result: Array<{ text: string; offset: number }> = [];
  let offset = 0;
  while (text.length - offset > max) {
    let cut = text.lastIndexOf(' ', offset + max);
    if (cut <= offset) cut = offset + max;
    // Never split a surrogate pair.
    const code = text.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    result.push({ text: text.slice(offset, cut), offset });
    offset = cut;
  }
  result.push({ text: text.slice(offset), offset });
  return result;
}

/** A hold on a budget for one request, given by {@link RecognizeNamedEntitiesOptions.authorise}. */
export interface RequestHold {
  /** The request was answered: its units are spent. */
  commit(): void;
  /** The request failed before it was billed: nothing is spent. */
  release(): void;
}

/** Options of {@link recognizeNamedEntities}. */
export interface RecognizeNamedEntitiesOptions {
  /** BCP 47 language of the texts when known. */
  language?: string;
  /** Cancels the requests. */
  signal?: AbortSignal;
  /** Requests in flight at once. Default 1. */
  concurrency?: number;
  /**
   * Called before each request with its texts and the units the provider's meter counts for it. Throw to
   * refuse the request (a budget would be exceeded): it is not sent, and no later request is either.
   */
  authorise?: (request: { texts: readonly string[]; units: number }) => RequestHold | undefined;
  /**
   * Return what was found when a request fails, with the error per text in `errors`, instead of throwing
   * the first error. Texts of requests answered before the failure keep their findings, which are paid for.
   */
  partial?: boolean;
  /**
   * Answers kept from earlier runs: texts (and pieces of long texts) found here are not sent or billed
   * again, and every answer received is added, so a job killed or stopped part-way resumes without
   * paying twice.
   */
  store?: ContentStore<StoredNamedEntities>;
}

/** What {@link recognizeNamedEntities} found. */
export interface RecognizedNamedEntities {
  /** Findings per text, in text order. */
  documents: Finding[][];
  /** Units billed, summed over the requests answered. */
  billing?: NamedEntityBilling;
  /**
   * With `partial`, the error that kept each text from being searched (its request failed or was refused,
   * or an earlier one stopped the run); undefined for texts searched in full.
   */
  errors?: Array<unknown | undefined>;
  /** Pieces answered from the store, and the units they cost when first sent (not billed again). */
  cached: { pieces: number; units: number };
}

/** One piece of a text: the whole text, or a part of a long one, with where it starts. */
type Piece = { index: number; text: string; offset: number };
/** One request's worth of pieces. */
type Batch = Piece[];

/** The pieces a provider would be sent for `texts`: long texts split within its limits, blank ones left out. */
function piecesOf(provider: NamedEntityProvider, texts: readonly string[]): Piece[] {
  return texts.flatMap((text, index) =>
    text.trim() === ''
      ? []
      : pieces(text, provider.limits.maxCharactersPerDocument).map((piece) => ({ index, ...piece })),
  );
}

/** Pieces packed into requests within the provider's limits. */
function pack(provider: NamedEntityProvider, queue: readonly Piece[]): Batch[] {
  const batches: Batch[] = [];
  for (let start = 0; start < queue.length; start += provider.limits.maxDocumentsPerRequest) {
    batches.push(queue.slice(start, start + provider.limits.maxDocumentsPerRequest));
  }
  return batches;
}

/**
 * The first piece of each distinct text, and the later pieces with the same text: chat exports repeat
 * "ok" and "jaja" thousands of times, and one answer serves them all.
 */
function dedupe(queue: readonly Piece[]): { unique: Piece[]; copies: Map<Piece, Piece[]> } {
  const first = new Map<string, Piece>();
  const copies = new Map<Piece, Piece[]>();
  for (const piece of queue) {
    const seen = first.get(piece.text);
    if (seen === undefined) first.set(piece.text, piece);
    else copies.set(seen, [...(copies.get(seen) ?? []), piece]);
  }
  return { unique: [...first.values()], copies };
}

/** Which pieces the store already answers, and the requests left to send (each distinct text once). */
async function plan(
  provider: NamedEntityProvider,
  texts: readonly string[],
  options: { store?: ContentStore<StoredNamedEntities>; language?: string },
): Promise<{
  cached: Array<[Piece, StoredNamedEntities]>;
  batches: Batch[];
  copies: Map<Piece, Piece[]>;
  keys: Map<Piece, string>;
}> {
  const queue = piecesOf(provider, texts);
  const keys = new Map<Piece, string>();
  let unsent = queue;
  const cached: Array<[Piece, StoredNamedEntities]> = [];
  if (options.store !== undefined) {
    for (const piece of queue)
      keys.set(piece, namedEntitiesKey(provider, options.language ?? '', piece.text));
    const stored = await options.store.getMany([...new Set(keys.values())]);
    unsent = [];
    for (const piece of queue) {
      const value = stored.get(keys.get(piece)!);
      if (value === undefined) unsent.push(piece);
      else cached.push([piece, value]);
    }
  }
  const { unique, copies } = dedupe(unsent);
  return { cached, batches: pack(provider, unique), copies, keys };
}

/**
 * The units `provider` would bill for `texts`, packed as {@link recognizeNamedEntities} packs them (each
 * distinct text once): the estimate before a job. 0 for providers without a meter (local recognizers
 * bill nothing).
 */
export function countNamedEntityUnits(provider: NamedEntityProvider, texts: readonly string[]): number {
  const meter = provider.meter;
  if (meter === undefined) return 0;
  return pack(provider, dedupe(piecesOf(provider, texts)).unique).reduce(
    (sum, batch) => sum + meter.units(batch.map((item) => item.text)),
    0,
  );
}

/**
 * {@link countNamedEntityUnits} for a job that keeps a store: units still to pay for, and those the store
 * already answers (paid in an earlier run).
 */
export async function estimateNamedEntityUnits(
  provider: NamedEntityProvider,
  texts: readonly string[],
  options: { store?: ContentStore<StoredNamedEntities>; language?: string } = {},
): Promise<{ units: number; cachedUnits: number }> {
  const meter = provider.meter;
  if (meter === undefined) return { units: 0, cachedUnits: 0 };
  const { cached, batches } = await plan(provider, texts, options);
  return {
    units: batches.reduce((sum, batch) => sum + meter.units(batch.map((item) => item.text)), 0),
    cachedUnits: cached.reduce((sum, [, value]) => sum + value.units, 0),
  };
}

/**
 * Runs a {@link NamedEntityProvider} over any number of texts: packs them within its limits (splitting
 * long texts at white space and shifting offsets back), sends up to `concurrency` requests at a time,
 * and returns findings per text (in text order) plus the billed units summed over requests. Pass the
 * texts of many rows at once so requests are full: one row's texts rarely fill one.
 */
export async function recognizeNamedEntities(
  provider: NamedEntityProvider,
  texts: readonly string[],
  options: RecognizeNamedEntitiesOptions = {},
): Promise<RecognizedNamedEntities> {
  const documents: Finding[][] = texts.map(() => []);
  const errors: Array<unknown | undefined> = texts.map(() => undefined);
  const { cached, batches, copies, keys } = await plan(provider, texts, options);
  const place = (piece: Piece, findings: readonly Finding[]) => {
    for (const copy of copies.get(piece) ?? []) place(copy, findings);
    for (const finding of findings) {
      documents[piece.index]!.push({
        ...finding,
        start: finding.start + piece.offset,
        end: finding.end + piece.offset,
      });
    }
  };
  for (const [piece, value] of cached) place(piece, value.findings);
  const cachedUnits = cached.reduce((sum, [, value]) => sum + value.units, 0);
  let billing: NamedEntityBilling | undefined;
  let next = 0;
  let failure: { error: unknown } | undefined;
  let storeFailure: { error: unknown } | undefined;
  const work = async () => {
    while (failure === undefined && next < batches.length) {
      const batch = batches[next++]!;
      const batchTexts = batch.map((item) => item.text);
      let hold: RequestHold | undefined;
      let response: Awaited<ReturnType<NamedEntityProvider['recognize']>>;
      try {
        hold = options.authorise?.({ texts: batchTexts, units: provider.meter?.units(batchTexts) ?? 0 });
        response = await provider.recognize({
          texts: batchTexts,
          language: options.language,
          signal: options.signal,
        });
      } catch (error) {
        hold?.release();
        // The first failure stops the others taking new batches; requests on the wire finish.
        failure ??= { error };
        for (const item of batch) {
          for (const piece of [item, ...(copies.get(item) ?? [])]) errors[piece.index] ??= error;
        }
        return;
      }
      hold?.commit();
      if (response.billing !== undefined) {
        billing = {
          ...response.billing,
          quantity: (billing?.quantity ?? 0) + response.billing.quantity,
        };
      }
      batch.forEach((item, position) => {
        place(item, response.documents[position] ?? []);
      });
      if (options.store !== undefined) {
        try {
          await options.store.putMany(
            batch.map((item, position) => [
              keys.get(item)!,
              {
                findings: response.documents[position] ?? [],
                units: provider.meter?.units([item.text]) ?? 0,
              },
            ]),
          );
        } catch (error) {
          // Answered and paid, but not kept (a full disk): fatal, whatever `partial` says, since every
          // later answer would be paid for and then lost to a rerun as well.
          storeFailure ??= { error };
          failure ??= { error };
          return;
        }
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 1, batches.length));
  await Promise.all(Array.from({ length: workers }, work));
  if (storeFailure !== undefined) throw storeFailure.error;
  if (failure !== undefined) {
    if (!options.partial) throw failure.error;
    // Batches never taken were not sent: their texts carry the error that stopped the run.
    for (const batch of batches.slice(next)) {
      for (const item of batch) {
        for (const piece of [item, ...(copies.get(item) ?? [])]) errors[piece.index] ??= failure.error;
      }
    }
  }
  // Pieces of a long text may come back out of order.
  for (const found of documents) found.sort((a, b) => a.start - b.start || a.end - b.end);
  const result = { documents, billing, cached: { pieces: cached.length, units: cachedUnits } };
  return failure === undefined ? result : { ...result, errors };
}
