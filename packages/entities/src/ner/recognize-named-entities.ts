import type { Finding } from '../finding';
import type { NamedEntityBilling, NamedEntityProvider } from './spec';

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
}

/** One request's worth of text pieces, each with the text and offset it came from. */
type Batch = Array<{ index: number; text: string; offset: number }>;

/** The requests a provider would be sent for `texts`: long texts split, pieces packed within its limits. */
function packRequests(provider: NamedEntityProvider, texts: readonly string[]): Batch[] {
  const queue = texts.flatMap((text, index) =>
    text.trim() === ''
      ? []
      : pieces(text, provider.limits.maxCharactersPerDocument).map((piece) => ({ index, ...piece })),
  );
  const batches: Batch[] = [];
  for (let start = 0; start < queue.length; start += provider.limits.maxDocumentsPerRequest) {
    batches.push(queue.slice(start, start + provider.limits.maxDocumentsPerRequest));
  }
  return batches;
}

/**
 * The units `provider` would bill for `texts`, packed as {@link recognizeNamedEntities} packs them: the
 * estimate before a job. 0 for providers without a meter (local recognizers bill nothing).
 */
export function countNamedEntityUnits(provider: NamedEntityProvider, texts: readonly string[]): number {
  const meter = provider.meter;
  if (meter === undefined) return 0;
  return packRequests(provider, texts).reduce(
    (sum, batch) => sum + meter.units(batch.map((item) => item.text)),
    0,
  );
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
  const batches = packRequests(provider, texts);
  let billing: NamedEntityBilling | undefined;
  let next = 0;
  let failure: { error: unknown } | undefined;
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
        for (const item of batch) errors[item.index] ??= error;
        return;
      }
      hold?.commit();
      batch.forEach((item, position) => {
        for (const finding of response.documents[position] ?? []) {
          documents[item.index]!.push({
            ...finding,
            start: finding.start + item.offset,
            end: finding.end + item.offset,
          });
        }
      });
      if (response.billing !== undefined) {
        billing = {
          ...response.billing,
          quantity: (billing?.quantity ?? 0) + response.billing.quantity,
        };
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 1, batches.length));
  await Promise.all(Array.from({ length: workers }, work));
  if (failure !== undefined) {
    if (!options.partial) throw failure.error;
    // Batches never taken were not sent: their texts carry the error that stopped the run.
    for (const batch of batches.slice(next)) for (const item of batch) errors[item.index] ??= failure.error;
  }
  // Pieces of a long text may come back out of order.
  for (const found of documents) found.sort((a, b) => a.start - b.start || a.end - b.end);
  return failure === undefined ? { documents, billing } : { documents, billing, errors };
}
