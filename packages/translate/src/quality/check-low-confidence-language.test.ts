import { describe, expect, it } from 'vitest';
import { checkLowConfidenceLanguage } from './check-low-confidence-language';

const long = 'Nos vemos mañana en la puerta del mercado';

describe('checkLowConfidenceLanguage', () => {
  it('flags a language guessed from a short text', () => {
    expect(checkLowConfidenceLanguage({ source: 'vale tío', languageGiven: false })).toBe(true);
  });

  it('never flags a language the user gave, however short the text', () => {
    expect(checkLowConfidenceLanguage({ source: 'vale tío', languageGiven: true })).toBe(false);
  });

  it('flags a long text the detector itself calls unreliable, not one it trusts', () => {
    expect(
      checkLowConfidenceLanguage({
        source: long,
        languageGiven: false,
        evidence: { by: 'detector', reliable: false },
      }),
    ).toBe(true);
    expect(
      checkLowConfidenceLanguage({
        source: long,
        languageGiven: false,
        evidence: { by: 'detector', reliable: true },
      }),
    ).toBe(false);
  });

  it('flags a provider score under 0.5, not a higher one or none', () => {
    expect(
      checkLowConfidenceLanguage({
        source: long,
        languageGiven: false,
        evidence: { by: 'provider', score: 0.3 },
      }),
    ).toBe(true);
    expect(
      checkLowConfidenceLanguage({
        source: long,
        languageGiven: false,
        evidence: { by: 'provider', score: 0.9 },
      }),
    ).toBe(false);
    expect(checkLowConfidenceLanguage({ source: long, languageGiven: false })).toBe(false);
  });
});
