import { describe, expect, it } from 'vitest';
import {
  type ApertiumPair,
  apertiumCodeCandidates,
  debianPackageFor,
  findPair,
  toLanguageTag,
} from './apertium-languages';

// What /listPairs reports with apertium-eng-spa and apertium-hbs-eng installed.
const installed: ApertiumPair[] = [
  { source: 'spa', target: 'eng' },
  { source: 'spa', target: 'eng_US' },
  { source: 'eng', target: 'spa' },
  { source: 'hbs', target: 'eng' },
  { source: 'eng', target: 'hbs_HR' },
  { source: 'eng', target: 'hbs_SR' },
];

describe('findPair', () => {
  it('accepts ISO 639-1, ISO 639-3 and mixed codes for the same pair', () => {
    for (const [from, to] of [
      ['es', 'en'],
      ['spa', 'eng'],
      ['es', 'eng'],
      ['ES', 'EN'],
      ['es-MX', 'en'],
    ] as const) {
      expect(findPair(from, to, installed)).toEqual({ source: 'spa', target: 'eng' });
    }
  });

  it('uses a regional variant when it is installed and falls back to the language otherwise', () => {
    expect(findPair('es', 'en-US', installed)).toEqual({ source: 'spa', target: 'eng_US' });
    expect(findPair('es', 'en_US', installed)).toEqual({ source: 'spa', target: 'eng_US' });
    expect(findPair('es', 'en-GB', installed)).toEqual({ source: 'spa', target: 'eng' });
  });

  it('serves Serbian, Croatian and Bosnian through the Serbo-Croatian pair', () => {
    expect(findPair('sr', 'en', installed)).toEqual({ source: 'hbs', target: 'eng' });
    expect(findPair('hr', 'en', installed)).toEqual({ source: 'hbs', target: 'eng' });
    expect(findPair('bs-Latn', 'en', installed)).toEqual({ source: 'hbs', target: 'eng' });
    expect(findPair('en', 'hr', installed)).toEqual({ source: 'eng', target: 'hbs_HR' });
  });

  it('finds nothing for a pair that is not installed, including the reverse of an installed one', () => {
    expect(findPair('fr', 'en', installed)).toBeUndefined();
    expect(findPair('en', 'bs', installed)).toBeUndefined();
  });
});

describe('apertiumCodeCandidates', () => {
  it('tries the most specific APY code first', () => {
    expect(apertiumCodeCandidates('en-US')).toEqual(['eng_US', 'eng']);
    expect(apertiumCodeCandidates('sr')).toEqual(['srp', 'hbs_SR', 'hbs']);
  });
});

describe('toLanguageTag', () => {
  it('reports APY codes in the form users write them', () => {
    expect(toLanguageTag('spa')).toBe('es');
    expect(toLanguageTag('eng_US')).toBe('en-US');
    expect(toLanguageTag('cat_valencia')).toBe('ca-valencia');
    expect(toLanguageTag('hbs')).toBe('hbs');
  });
});

describe('debianPackageFor', () => {
  it('names the Debian package that adds a missing pair', () => {
    expect(debianPackageFor('ca', 'en')).toBe('apertium-eng-cat');
    expect(debianPackageFor('cat', 'eng')).toBe('apertium-eng-cat');
    expect(debianPackageFor('hr', 'en')).toBe('apertium-hbs-eng');
    expect(debianPackageFor('gl', 'en-US')).toBe('apertium-en-gl');
  });

  it('names none when Debian has no such pair', () => {
    expect(debianPackageFor('ar', 'en')).toBeUndefined();
    expect(debianPackageFor('en', 'eu')).toBeUndefined();
  });
});
