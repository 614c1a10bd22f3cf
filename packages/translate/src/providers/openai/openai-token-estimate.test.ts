import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ASCII_CHARACTERS_PER_TOKEN,
  estimateChatTranslationTokens,
  estimateTextTokens,
} from './openai-token-estimate';

describe('estimateTextTokens', () => {
  it('counts ASCII at 3 characters a token and any other character as a token', () => {
    expect(ASCII_CHARACTERS_PER_TOKEN).toBe(3);
    expect(estimateTextTokens('')).toBe(0);
    expect(estimateTextTokens('Hola, nos vemos')).toBe(5);
    // OpenAI's own example: "¿Cómo estás?" is 5 tokens; 9 ASCII characters (3) and 3 others.
    expect(estimateTextTokens('¿Cómo estás?')).toBe(6);
    // 4 Han characters, an emoji (one code point, two UTF-16 units).
    expect(estimateTextTokens('明天见吧😀')).toBe(5);
  });

  it('lies between the English rule of thumb (4 characters a token) and one token per code point', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const codePoints = [...text].length;
        const tokens = estimateTextTokens(text);
        expect(tokens).toBeGreaterThanOrEqual(Math.ceil(codePoints / 4));
        expect(tokens).toBeLessThanOrEqual(codePoints);
      }),
    );
  });

  it('never gives less for a text than for a part of it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(estimateTextTokens(a + b)).toBeGreaterThanOrEqual(estimateTextTokens(a));
      }),
    );
  });
});

describe('estimateChatTranslationTokens', () => {
  it('costs nothing for no texts, and grows with every text added to a request', () => {
    expect(estimateChatTranslationTokens([], 'es', 'en')).toEqual({ inputTokens: 0, outputTokens: 0 });
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 20 }), fc.string(), (texts, extra) => {
        const before = estimateChatTranslationTokens(texts, 'es', 'en');
        const after = estimateChatTranslationTokens([...texts, extra], 'es', 'en');
        expect(after.inputTokens).toBeGreaterThan(before.inputTokens);
        expect(after.outputTokens).toBeGreaterThan(before.outputTokens);
        // The prompt carries the instruction besides the texts.
        expect(before.inputTokens).toBeGreaterThan(before.outputTokens);
      }),
    );
  });
});
