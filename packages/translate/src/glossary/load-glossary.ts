import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { InputError } from '@toex/core';
import { parse } from 'csv-parse/sync';
import type { Glossary, GlossaryEntry } from '../spec';

/**
 * Builds a glossary from entries and gives it a stable id (a SHA-256 of its sorted content), so the
 * translation memory never serves a translation made with a different glossary.
 */
export function createGlossary(entries: readonly GlossaryEntry[]): Glossary {
  const unique = new Map<string, string>();
  for (const entry of entries) unique.set(entry.term, entry.translation);
  const sorted = [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const id = createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
  return { id, entries: sorted.map(([term, translation]) => ({ term, translation })) };
}

/**
 * Reads a keyword dictionary CSV of `term,translation` rows (UTF-8, optional BOM, optional header row
 * `term,translation`, comma, semicolon or tab separated).
 */
export async function loadGlossary(path: string): Promise<Glossary> {
  const bytes = await readFile(path);
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [',', ';', '\t'].reduce((best, candidate) =>
    firstLine.split(candidate).length > firstLine.split(best).length ? candidate : best,
  );
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      delimiter,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
  } catch (error) {
    throw new InputError({
      code: 'invalid_glossary',
      file: path,
      line: (error as { lines?: number }).lines,
      message: `the glossary is not valid CSV (${(error as Error).message}). Expected rows of "term,translation".`,
      cause: error,
    });
  }
  const entries: GlossaryEntry[] = [];
  records.forEach(({ record, info }, index) => {
    const [term = '', translation = ''] = record;
    if (index === 0 && term.toLowerCase() === 'term' && translation.toLowerCase() === 'translation') return;
    if (term === '' || translation === '' || record.length !== 2) {
      throw new InputError({
        code: 'invalid_glossary',
        file: path,
        line: info.lines,
        message: `expected "term${delimiter}translation" with both filled in, found ${JSON.stringify(record)}.`,
      });
    }
    entries.push({ term, translation });
  });
  if (entries.length === 0) {
    throw new InputError({
      code: 'empty_glossary',
      file: path,
      message: 'the glossary has no entries. Add rows of "term,translation".',
    });
  }
  return {
    ...createGlossary(entries),
    source: { path, sha256: createHash('sha256').update(bytes).digest('hex') },
  };
}
