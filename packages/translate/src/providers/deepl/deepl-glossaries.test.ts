import { describe, expect, it } from 'vitest';
import { prepareGlossaryEntries } from './deepl-glossaries';

// https://developers.deepl.com/api-reference/multilingual-glossaries (formats, limits)

describe('prepareGlossaryEntries', () => {
  it('writes one trimmed source<TAB>target line per entry, quotes and commas untouched', () => {
    expect(
      prepareGlossaryEntries([
        { term: ' La Paloma ', translation: 'The Dove ' },
        { term: 'Mo', translation: 'Mo "the Knife", boss' },
      ]),
    ).toEqual({
      tsv: 'La Paloma\tThe Dove\nMo\tMo "the Knife", boss',
      count: 2,
      withControlCharacters: 0,
      tooLong: 0,
      duplicates: 0,
      blank: 0,
    });
  });

  it('leaves out what DeepL would refuse and counts each reason', () => {
    const prepared = prepareGlossaryEntries([
      { term: 'tab\tterm', translation: 'x' },
      { term: 'x', translation: 'carriage\rreturn' },
      { term: 'sepa\u2028rator', translation: 'x' },
      { term: 'c1\u0085', translation: 'x' },
      { term: 'long', translation: 'é'.repeat(513) },
      { term: '   ', translation: 'x' },
      { term: 'ok', translation: 'fine' },
      { term: 'ok ', translation: 'again' },
    ]);
    expect(prepared).toMatchObject({
      tsv: 'ok\tfine',
      count: 1,
      withControlCharacters: 4,
      tooLong: 1,
      blank: 1,
      duplicates: 1,
    });
  });

  it('accepts a term of exactly 1,024 UTF-8 bytes', () => {
    expect(prepareGlossaryEntries([{ term: 'é'.repeat(512), translation: 'e' }]).count).toBe(1);
  });
});
