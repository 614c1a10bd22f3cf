import { describe, expect, it } from 'vitest';
import { meterTextTranslation } from './meter-text-translation';

const azure = {
  provider: 'azure',
  service: 'translator',
  sku: 'S1',
  characterCounting: 'utf16',
  billedPerTarget: true,
  billsMarkup: true,
} as const;
const deepl = {
  ...azure,
  provider: 'deepl',
  sku: 'pro',
  characterCounting: 'codepoints',
  billsMarkup: false,
} as const;

// "Hello, world!" is 13 characters; "<b>hi</b> 👍" is 12 UTF-16 units and 11 code points.
const texts = ['Hello, world!', '<b>hi</b> 👍'];

describe('meterTextTranslation', () => {
  it('counts like Azure: UTF-16 units, markup and whitespace included, once per target language', () => {
    expect(meterTextTranslation({ texts, targetCount: 3, billing: azure })).toEqual({
      billedCharacters: 75,
      sourceCharacters: 25,
      targetCount: 3,
      characterCounting: 'utf16',
    });
  });

  it('bills the same text to one target a third as much as to three', () => {
    const one = meterTextTranslation({ texts, targetCount: 1, billing: azure }).billedCharacters;
    const three = meterTextTranslation({ texts, targetCount: 3, billing: azure }).billedCharacters;
    expect(three).toBe(one * 3);
  });

  it('counts like DeepL: code points, per target; tags are free only with tag handling', () => {
    expect(meterTextTranslation({ texts, targetCount: 2, billing: deepl }).billedCharacters).toBe(48);
    // With tag handling, "<b>" and "</b>" are not billed: 13 + "hi 👍" (4) = 17 per target.
    expect(
      meterTextTranslation({ texts, targetCount: 2, billing: deepl, markup: 'xml' }).billedCharacters,
    ).toBe(34);
    // Azure bills markup even with textType=html.
    expect(
      meterTextTranslation({ texts, targetCount: 1, billing: azure, markup: 'xml' }).billedCharacters,
    ).toBe(25);
  });

  it('bills nothing for self-hosted engines but still reports the size', () => {
    const reading = meterTextTranslation({
      texts,
      targetCount: 2,
      billing: { characterCounting: 'none', billedPerTarget: false },
    });
    expect(reading.billedCharacters).toBe(0);
    expect(reading.sourceCharacters).toBe(25);
  });

  it('does not multiply when the provider bills once for all targets', () => {
    const billing = { characterCounting: 'utf16', billedPerTarget: false } as const;
    expect(meterTextTranslation({ texts, targetCount: 4, billing }).billedCharacters).toBe(25);
  });

  it('refuses a request with no target language', () => {
    expect(() => meterTextTranslation({ texts, targetCount: 0, billing: azure })).toThrow(/targetCount/);
  });
});
