import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { bodyColumn } from '../data/write-export';

/** What a naive client would send for an export, and what of it was avoidable. */
export interface NaiveClientCount {
  /** Messages with a non-empty body: one request each. */
  requests: number;
  /** Characters of those messages (UTF-16 code units, one target language): what it is billed. */
  characters: number;
  /** Of those, in messages with nothing to translate: no letters (emoji, numbers) or links only. */
  charactersWithNothingToTranslate: number;
  /** Of those, in messages that repeat an earlier message exactly (translatable ones only). */
  charactersRepeated: number;
  /** Each distinct translatable message once, without surrounding whitespace: the least any client can bill. */
  distinctTranslatableCharacters: number;
}

// A letter in any script, and a link, as a person would judge "nothing to translate".
const letter = /\p{L}/u;
const linkOnly = /^(?:(?:https?|ftp):\/\/|www\.)\S+$/i;

/**
 * Reads the export as a naive client would: every non-empty message sent on its own, nothing skipped,
 * nothing deduplicated. Also splits the bill into what needed no translation and what was an exact
 * repeat of an earlier message, which bounds what skipping and dedupe can save.
 */
export async function countNaiveClient(path: string): Promise<NaiveClientCount> {
  const seen = new Set<string>();
  const count: NaiveClientCount = {
    requests: 0,
    characters: 0,
    charactersWithNothingToTranslate: 0,
    charactersRepeated: 0,
    distinctTranslatableCharacters: 0,
  };
  let body = -1;
  for await (const record of createReadStream(path).pipe(
    parse({ bom: true, relax_column_count: true }),
  ) as AsyncIterable<string[]>) {
    if (body === -1) {
      body = record.indexOf(bodyColumn);
      continue;
    }
    const text = record[body] ?? '';
    if (text === '') continue;
    count.requests += 1;
    count.characters += text.length;
    const trimmed = text.trim();
    if (!letter.test(trimmed) || trimmed.split(/\s+/).every((word) => linkOnly.test(word))) {
      count.charactersWithNothingToTranslate += text.length;
    } else if (seen.has(trimmed)) {
      count.charactersRepeated += text.length;
    } else {
      seen.add(trimmed);
      count.distinctTranslatableCharacters += trimmed.length;
    }
  }
  return count;
}
