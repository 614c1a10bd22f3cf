import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@toex/core';
import { describe, expect, it } from 'vitest';
import { createEntityExtractor } from '../extract/extract-entities';
import { compileWatchlist } from './compile-watchlist';
import { loadWatchlist, parseWatchlistCsv } from './load-watchlist';
import { normaliseText } from './normalise-text';

const hits = (watchlist: ReturnType<typeof compileWatchlist>, text: string) =>
  watchlist.search(text).map((hit) => [hit.text, hit.normalized, hit.category]);

describe('keyword watchlists', () => {
  it('matches whole words only, case-insensitively, with Unicode word boundaries', () => {
    const watchlist = compileWatchlist([
      { term: 'coke', category: 'drugs' },
      { term: 'Zoë', category: 'people' },
    ]);
    expect(hits(watchlist, 'got COKE? not coker or ZOË123, but Zoë.')).toEqual([
      ['COKE', 'coke', 'drugs'],
      ['Zoë', 'Zoë', 'people'],
    ]);
  });

  it('matches aliases and substrings, reporting the canonical term', () => {
    const watchlist = compileWatchlist([
      { term: 'cocaine', category: 'drugs', aliases: ['charlie', 'sniff'] },
      { term: 'gun', category: 'weapons', match: 'substring' },
    ]);
    expect(hits(watchlist, 'any charlie? shotgun ready')).toEqual([
      ['charlie', 'cocaine', 'drugs'],
      ['gun', 'gun', 'weapons'],
    ]);
  });

  it('folds Latin diacritics but not Cyrillic й', () => {
    const watchlist = compileWatchlist([
      { term: 'Jose', category: 'people' },
      { term: 'чай', category: 'code words' },
    ]);
    expect(hits(watchlist, 'José said чай, not чаи')).toEqual([
      ['José', 'Jose', 'people'],
      ['чай', 'чай', 'code words'],
    ]);
  });

  it('matches Arabic across harakat, tatweel, alef/yeh/teh-marbuta variants and Arabic-Indic digits', () => {
    const watchlist = compileWatchlist([
      { term: 'مخدرات', category: 'drugs' },
      { term: 'أحمد', category: 'people' },
      { term: 'مدرسة', category: 'places' },
      { term: 'سيارة 5', category: 'vehicles' },
    ]);
    const text = 'مُخَدِّرَات عند احمد قرب المدرسه في سيـارة ٥';
    const found = watchlist.search(text);
    expect(found.map((hit) => hit.normalized)).toEqual(['مخدرات', 'أحمد', 'سيارة 5']);
    for (const hit of found) expect(text.slice(hit.start, hit.end)).toBe(hit.text);
    expect(found[0]!.text).toBe('مُخَدِّرَات');
    // "المدرسه" is one word: the article is attached, so a whole-word match for مدرسة does not fire.
    expect(hits(compileWatchlist([{ term: 'مدرسة', category: 'places', match: 'substring' }]), text)).toEqual(
      [['مدرسه', 'مدرسة', 'places']],
    );
  });

  it('matches Chinese and Thai as substrings, full-width forms included', () => {
    const watchlist = compileWatchlist([
      { term: '冰毒', category: 'drugs' },
      { term: 'ยาบ้า', category: 'drugs' },
      { term: 'usdt', category: 'crypto' },
    ]);
    expect(hits(watchlist, '他有冰毒吗？ขายยาบ้าไหม 收ＵＳＤＴ')).toEqual([
      ['冰毒', '冰毒', 'drugs'],
      ['ยาบ้า', 'ยาบ้า', 'drugs'],
      ['ＵＳＤＴ', 'usdt', 'crypto'],
    ]);
  });

  it('runs regex terms on the original text', () => {
    const watchlist = compileWatchlist([{ term: 'k[e3]t(?:amine)?', category: 'drugs', match: 'regex' }]);
    expect(hits(watchlist, 'any K3T or ketamine')).toEqual([
      ['K3T', 'k[e3]t(?:amine)?', 'drugs'],
      ['ketamine', 'k[e3]t(?:amine)?', 'drugs'],
    ]);
  });

  it('maps offsets back through normalisation that changes lengths', () => {
    const normalised = normaliseText('Straße ﬁne e\u0301');
    expect(normalised.text).toBe('strasse fine é');
    const watchlist = compileWatchlist([
      { term: 'strasse', category: 'places' },
      { term: 'fine', category: 'x' },
    ]);
    const text = 'die Straße, ﬁne';
    expect(watchlist.search(text).map((hit) => text.slice(hit.start, hit.end))).toEqual(['Straße', 'ﬁne']);
  });

  it('loads CSV with a header, aliases and match, and JSON; reports bad rows with file:line', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'toex-watchlist-'));
    const csv = join(directory, 'list.csv');
    writeFileSync(
      csv,
      '\uFEFFterm,category,aliases,language,match\ncocaine,drugs,charlie|sniff,en,word\n冰毒,drugs,,zh,\n',
    );
    const watchlist = await loadWatchlist(csv);
    expect(watchlist.size).toBe(4);
    const json = join(directory, 'list.json');
    writeFileSync(json, JSON.stringify([{ term: 'gun', category: 'weapons', match: 'substring' }]));
    expect((await loadWatchlist(json)).search('shotgun')).toHaveLength(1);
    expect(() => parseWatchlistCsv('cocaine\n', 'bad.csv')).toThrow(/bad\.csv:1: expected at least/);
    writeFileSync(json, JSON.stringify([{ term: 'gun', categroy: 'weapons' }]));
    await expect(loadWatchlist(json)).rejects.toSatisfy((error) => InputError.isInstance(error));
  });

  it('adds keyword findings to extraction, alongside identifiers', () => {
    const extractor = createEntityExtractor({
      watchlist: compileWatchlist([{ term: 'burner', category: 'phones' }]),
    });
    const found = extractor.extract('new burner 07911 123456');
    expect(found.map((f) => [f.type, f.text])).toEqual([
      ['keyword', 'burner'],
      ['phone', '07911 123456'],
    ]);
  });
});
