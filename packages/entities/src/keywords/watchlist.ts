import type { Finding } from '../finding';

/** A compiled keyword watchlist: searching a text returns its hits as `keyword` findings. */
export interface Watchlist {
  /** Number of search terms (terms and aliases). */
  readonly size: number;
  /** Every hit in `text`, with offsets into `text` itself, in text order. */
  search(text: string): Finding[];
}
