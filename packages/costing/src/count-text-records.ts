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
 * Counts text records: each document is billed in started blocks of `charactersPerRecord` characters (so
 * with Azure AI Language's 1,000, 1,001 characters are 2 records, and two 10-character documents are 2
 * records, not 1), and at least `minimumRecords` for a document with any text (Amazon Comprehend bills
 * 100-character units, at least 3 a request). Characters are grapheme clusters by default, as Azure
 * measures them.
 */
export function countTextRecords(
  documents: readonly string[],
  options: {
    charactersPerRecord?: number;
    characterCounting?: CharacterCounting;
    minimumRecords?: number;
  } = {},
): TextRecordCount {
  const charactersPerRecord = options.charactersPerRecord ?? 1000;
  const minimumRecords = options.minimumRecords ?? 1;
  for (const [name, value] of [
    ['charactersPerRecord', charactersPerRecord],
    ['minimumRecords', minimumRecords],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw invalidArgument(`${name} must be a whole number of at least 1; got ${value}.`);
    }
  }
  let records = 0;
  let characters = 0;
  for (const document of documents) {
    const length = countCharacters(document, options.characterCounting ?? 'graphemes');
    characters += length;
    if (length > 0) records += Math.max(minimumRecords, Math.ceil(length / charactersPerRecord));
  }
  return { records, characters, documents: documents.length };
}
