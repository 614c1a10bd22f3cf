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

/**
 * Runs a {@link NamedEntityProvider} over any number of texts: packs them within its limits (splitting
 * long texts at white space and shifting offsets back), and returns findings per text plus the billed
 * units summed over requests.
 */
export async function recognizeNamedEntities(
  provider: NamedEntityProvider,
  texts: readonly string[],
  options: { language?: string; signal?: AbortSignal } = {},
): Promise<{ documents: Finding[][]; billing?: NamedEntityBilling }> {
  const documents: Finding[][] = texts.map(() => []);
  const queue = texts.flatMap((text, index) =>
    text.trim() === ''
      ? []
      : pieces(text, provider.limits.maxCharactersPerDocument).map((piece) => ({ index, ...piece })),
  );
  let billing: NamedEntityBilling | undefined;
  for (let start = 0; start < queue.length; start += provider.limits.maxDocumentsPerRequest) {
    const batch = queue.slice(start, start + provider.limits.maxDocumentsPerRequest);
    const response = await provider.recognize({
      texts: batch.map((item) => item.text),
      language: options.language,
      signal: options.signal,
    });
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
  return { documents, billing };
}
