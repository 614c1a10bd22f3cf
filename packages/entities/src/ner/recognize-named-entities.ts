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

/** Options of {@link recognizeNamedEntities}. */
export interface RecognizeNamedEntitiesOptions {
  /** BCP 47 language of the texts when known. */
  language?: string;
  /** Cancels the requests. */
  signal?: AbortSignal;
  /** Requests in flight at once. Default 1. */
  concurrency?: number;
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
): Promise<{ documents: Finding[][]; billing?: NamedEntityBilling }> {
  const documents: Finding[][] = texts.map(() => []);
  const queue = texts.flatMap((text, index) =>
    text.trim() === ''
      ? []
      : pieces(text, provider.limits.maxCharactersPerDocument).map((piece) => ({ index, ...piece })),
  );
  const batches: Array<typeof queue> = [];
  for (let start = 0; start < queue.length; start += provider.limits.maxDocumentsPerRequest) {
    batches.push(queue.slice(start, start + provider.limits.maxDocumentsPerRequest));
  }
  let billing: NamedEntityBilling | undefined;
  let next = 0;
  let failure: { error: unknown } | undefined;
  const work = async () => {
    while (failure === undefined && next < batches.length) {
      const batch = batches[next++]!;
      let response: Awaited<ReturnType<NamedEntityProvider['recognize']>>;
      try {
        response = await provider.recognize({
          texts: batch.map((item) => item.text),
          language: options.language,
          signal: options.signal,
        });
      } catch (error) {
        // The first failure stops the others taking new batches; requests on the wire finish.
        failure ??= { error };
        return;
      }
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
  if (failure !== undefined) throw failure.error;
  // Pieces of a long text may come back out of order.
  for (const found of documents) found.sort((a, b) => a.start - b.start || a.end - b.end);
  return { documents, billing };
}
