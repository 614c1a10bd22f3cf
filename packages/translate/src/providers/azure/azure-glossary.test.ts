import { describe, expect, it } from 'vitest';
import { AzureDynamicDictionary, dictionarySupportsPair, escapeXmlAttribute } from './azure-glossary';

// https://learn.microsoft.com/azure/ai-services/translator/text-translation/how-to/use-dynamic-dictionary

const mark = (entries: Array<{ term: string; translation: string }>, text: string) =>
  new AzureDynamicDictionary({ id: 'test', entries }).mark(text);

describe('AzureDynamicDictionary', () => {
  it('wraps a term in the documented markup', () => {
    expect(
      mark([{ term: 'wordomatic', translation: 'wordomatic' }], 'The word wordomatic is a dictionary entry.'),
    ).toBe(
      'The word <mstrans:dictionary translation="wordomatic">wordomatic</mstrans:dictionary> is a dictionary entry.',
    );
  });

  it('matches case-sensitively, as Azure does, and only whole words', () => {
    const entries = [{ term: 'Bob', translation: 'Roberto' }];
    expect(mark(entries, 'bob, BOB, Bobby, eBob')).toBe('bob, BOB, Bobby, eBob');
    expect(mark(entries, 'Bob: "Bob!"')).toBe(
      '<mstrans:dictionary translation="Roberto">Bob</mstrans:dictionary>: "<mstrans:dictionary translation="Roberto">Bob</mstrans:dictionary>!"',
    );
  });

  it('prefers the longest term where terms overlap', () => {
    const entries = [
      { term: 'New York', translation: 'NY' },
      { term: 'New York Police', translation: 'NYPD' },
    ];
    expect(mark(entries, 'the New York Police in New York')).toBe(
      'the <mstrans:dictionary translation="NYPD">New York Police</mstrans:dictionary> in ' +
        '<mstrans:dictionary translation="NY">New York</mstrans:dictionary>',
    );
  });

  it('finds terms in scripts written without spaces', () => {
    expect(mark([{ term: '王小明', translation: 'Wang Xiaoming' }], '我见了王小明吗')).toBe(
      '我见了<mstrans:dictionary translation="Wang Xiaoming">王小明</mstrans:dictionary>吗',
    );
  });

  it('treats regular-expression characters in terms literally', () => {
    expect(mark([{ term: 'C++ (v2)', translation: 'C plus plus' }], 'use C++ (v2) now; C+++ (v2x) not')).toBe(
      'use <mstrans:dictionary translation="C plus plus">C++ (v2)</mstrans:dictionary> now; C+++ (v2x) not',
    );
  });

  it('leaves out terms that would break the markup, and counts them', () => {
    const dictionary = new AzureDynamicDictionary({
      id: 'test',
      entries: [
        { term: 'M&S', translation: 'Marks' },
        { term: '<b>', translation: 'bold' },
        { term: '', translation: 'nothing' },
        { term: 'Mo', translation: 'Mo' },
      ],
    });
    expect(dictionary.skippedEntries).toBe(3);
    expect(dictionary.mark('M&S <b> Mo')).toBe(
      'M&S <b> <mstrans:dictionary translation="Mo">Mo</mstrans:dictionary>',
    );
  });

  it('returns the text unchanged when no term occurs', () => {
    expect(mark([{ term: 'Mo', translation: 'Mo' }], 'nada que ver')).toBe('nada que ver');
  });
});

describe('escapeXmlAttribute', () => {
  it('escapes everything that would end or corrupt a double-quoted attribute', () => {
    expect(escapeXmlAttribute('a & b < c > d "e"\nf\tg')).toBe(
      'a &amp; b &lt; c &gt; d &quot;e&quot;&#10;f&#9;g',
    );
  });
});

describe('dictionarySupportsPair', () => {
  it('needs English on one side of the pair', () => {
    expect(dictionarySupportsPair('es', 'en')).toBe(true);
    expect(dictionarySupportsPair('en-GB', 'ar')).toBe(true);
    expect(dictionarySupportsPair('es', 'fr')).toBe(false);
  });
});
