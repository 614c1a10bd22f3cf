import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitLongText } from './split-long-text';

describe('splitLongText', () => {
  it('leaves short text alone', () => {
    expect(splitLongText('Hola. ¿Qué tal?', 100)).toEqual(['Hola. ¿Qué tal?']);
  });

  it('cuts at sentence boundaries when it can', () => {
    const text = 'Primera frase aquí. Segunda frase aquí. Tercera frase aquí.';
    expect(splitLongText(text, 40)).toEqual([
      'Primera frase aquí. Segunda frase aquí. ',
      'Tercera frase aquí.',
    ]);
  });

  it('rejoins to the exact original, never over the limit, never splitting a surrogate pair', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('palabra', ' ', '. ', '😀', '中文', '\n', '?', 'x'),
          maxLength: 400,
        }),
        fc.integer({ min: 2, max: 60 }),
        (text, maxLength) => {
          const parts = splitLongText(text, maxLength);
          expect(parts.join('')).toBe(text);
          for (const part of parts) {
            expect(part.length).toBeLessThanOrEqual(maxLength);
            expect(/[\ud800-\udbff]$/.test(part)).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
