import { readFile } from 'node:fs/promises';
import { InputError, secureJsonParse } from '@toex/core';
import { parse } from 'csv-parse/sync';
import { type CompileWatchlistOptions, compileWatchlist } from './compile-watchlist';
import type { Watchlist } from './watchlist';
import { type KeywordMatch, type WatchlistEntry, watchlistEntrySchema } from './watchlist-entry';

const COLUMNS = ['term', 'category', 'aliases', 'language', 'match'] as const;
const MATCHES: readonly KeywordMatch[] = ['word', 'substring', 'regex'];

/**
 * Reads watchlist entries from CSV text: `term,category[,aliases][,language][,match]`, comma, semicolon
 * or tab separated, optional header row (then columns go by name and may be in any order). Aliases are
 * separated by `|`. `file` is used in error messages only.
 */
export function parseWatchlistCsv(text: string, file = 'watchlist'): WatchlistEntry[] {
  const source = text.replace(/^\uFEFF/, '');
  const firstLine = source.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [',', ';', '\t'].reduce((best, candidate) =>
    firstLine.split(candidate).length > firstLine.split(best).length ? candidate : best,
  );
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(source, {
      delimiter,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
      comment: '#',
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    throw new InputError({
      code: 'invalid_watchlist',
      file,
      line: (error as { lines?: number }).lines,
      message: `the watchlist is not valid CSV (${(error as Error).message}). Expected rows of "term,category[,aliases][,language][,match]".`,
      cause: error,
    });
  }
  let order: readonly string[] = COLUMNS;
  const entries: WatchlistEntry[] = [];
  records.forEach(({ record, info }, index) => {
    if (index === 0 && record[0]?.toLowerCase() === 'term') {
      order = record.map((name) => name.toLowerCase());
      return;
    }
    const field = (name: string) => {
      const value = record[order.indexOf(name)];
      return value === undefined || value === '' ? undefined : value;
    };
    const term = field('term');
    const category = field('category');
    if (term === undefined || category === undefined) {
      throw new InputError({
        code: 'invalid_watchlist',
        file,
        line: info.lines,
        message: `expected at least "term${delimiter}category", found ${JSON.stringify(record)}.`,
      });
    }
    const match = field('match')?.toLowerCase();
    if (match !== undefined && !MATCHES.includes(match as KeywordMatch)) {
      throw new InputError({
        code: 'invalid_watchlist',
        file,
        line: info.lines,
        message: `match must be word, substring or regex, found ${JSON.stringify(match)}.`,
      });
    }
    const aliases = field('aliases')
      ?.split('|')
      .map((alias) => alias.trim())
      .filter((alias) => alias !== '');
    entries.push({
      term,
      category,
      ...(aliases !== undefined && aliases.length > 0 ? { aliases } : {}),
      ...(field('language') !== undefined ? { language: field('language') } : {}),
      ...(match !== undefined ? { match: match as KeywordMatch } : {}),
    });
  });
  return entries;
}

/** Reads watchlist entries from JSON text: an array of `{term, category, aliases?, language?, match?}`. */
export function parseWatchlistJson(text: string, file = 'watchlist'): WatchlistEntry[] {
  let json: unknown;
  try {
    json = secureJsonParse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InputError({
      code: 'invalid_watchlist',
      file,
      message: `the watchlist is not valid JSON (${(error as Error).message}).`,
      cause: error,
    });
  }
  const list = Array.isArray(json) ? json : (json as { entries?: unknown })?.entries;
  if (!Array.isArray(list)) {
    throw new InputError({
      code: 'invalid_watchlist',
      file,
      message: 'expected a JSON array of {"term", "category", "aliases"?, "language"?, "match"?} objects.',
    });
  }
  return list.map((item, index) => {
    const parsed = watchlistEntrySchema.safeParse(item);
    if (!parsed.success) {
      throw new InputError({
        code: 'invalid_watchlist',
        file,
        message: `entry ${index + 1}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'entry'} ${issue.message}`).join('; ')}.`,
      });
    }
    return parsed.data;
  });
}

/**
 * Loads and compiles a watchlist file: `.json` as JSON, anything else as CSV. An empty watchlist is an
 * error, since a job that silently searches for nothing would look like a job that found nothing.
 */
export async function loadWatchlist(path: string, options?: CompileWatchlistOptions): Promise<Watchlist> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError({
      code: 'watchlist_not_found',
      file: path,
      message: `cannot read the watchlist (${(error as Error).message}).`,
      cause: error,
    });
  }
  const entries = /\.json$/i.test(path) ? parseWatchlistJson(text, path) : parseWatchlistCsv(text, path);
  if (entries.length === 0) {
    throw new InputError({
      code: 'empty_watchlist',
      file: path,
      message: 'the watchlist has no entries. Add rows of "term,category".',
    });
  }
  return compileWatchlist(entries, options);
}
