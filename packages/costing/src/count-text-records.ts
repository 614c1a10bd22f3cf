import { type CharacterCounting, countCharacters } from './count-characters';
import { invalidArgument } from './invalid-argument';

/** Text records billed for a set of documents. */
export interface TextRecordCount {
  /** Billed records: the sum over documents of started blocks of `charactersPerRecord`. */
  records: number;
  /** Characters over all documents, as counted. */
  characters: number;
  /** Documents counted. */
  documents: number;
}

/**
 * Counts Azure AI Language text records: each document is billed in started blocks of 1,000 characters
 * (so 1,001 characters are 2 records, and two 10-character documents are 2 records, not 1). Characters are
 * grapheme clusters by default, as the service measures them.
 */
export function countTextRecords(
  documents: readonly string[],
  options: { charactersPerRecord?: number; characterCounting?: CharacterCounting } = {},
): TextRecordCount {
  const charactersPerRecord = options.charactersPerRecord ?? 1000;
  if (!Number.isSafeInteger(charactersPerRecord) || charactersPerRecord < 1) {
    throw invalidArgument(
      `charactersPerRecord must be a whole number of at least 1; got ${charactersPerRecord}.`,
    );
  }
  let records = 0;
  let characters = 0;
  for (const document of documents) {
    const length = countCharacters(document, options.characterCounting ?? 'graphemes');
    characters += length;
    records += Math.ceil(length / charactersPerRecord);
  }
  return { records, characters, documents: documents.length };
}
