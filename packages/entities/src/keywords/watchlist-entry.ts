import { z } from 'zod';

/** How a watchlist term matches: whole words (default), anywhere (substring), or as a regular expression. */
export type KeywordMatch = 'word' | 'substring' | 'regex';

/** One watchlist entry, as loaded from CSV or JSON. */
export interface WatchlistEntry {
  /** The term as the investigator wrote it; reported as the finding's `normalized`. */
  term: string;
  /** The investigator's category (e.g. `drugs`, `weapons`), reported on each hit. */
  category: string;
  /** Other spellings that count as the term (slang, transliterations, the term in another script). */
  aliases?: readonly string[];
  /** The language of the term, when the investigator gave one (informational). */
  language?: string;
  /** How the term matches. Default `word`; Chinese, Japanese and Thai terms always match as substrings. */
  match?: KeywordMatch;
}

/** Schema of a JSON watchlist entry (extra keys are rejected, so a misspelt `aliases` is not ignored). */
export const watchlistEntrySchema = z.strictObject({
  term: z.string().trim().min(1),
  category: z.string().trim().min(1),
  aliases: z.array(z.string().trim().min(1)).optional(),
  language: z.string().trim().min(1).optional(),
  match: z.enum(['word', 'substring', 'regex']).optional(),
});
