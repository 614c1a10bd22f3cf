import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { longEnoughToTrustDetection, mayBeWrittenIn } from './language-detector';

/** The rule as first written: count the letters and the words. */
function countingRule(text: string): boolean {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const words = text.trim().split(/\s+/).length;
  return letters >= 12 && words >= 3;
}

describe('longEnoughToTrustDetection', () => {
  it('needs three words and twelve letters', () => {
    expect(longEnoughToTrustDetection('ok')).toBe(false);
    expect(longEnoughToTrustDetection('nos vemos mañana')).toBe(true);
    expect(longEnoughToTrustDetection('a b c')).toBe(false);
    expect(longEnoughToTrustDetection('buenosdíasamigo')).toBe(false);
    expect(longEnoughToTrustDetection('  ¿dónde   estás   ahora?  ')).toBe(true);
  });

  it('agrees with counting letters and words, for any text (property)', () => {
    const piece = fc.constantFrom('a', 'ñ', 'Ж', '中', '1', ' ', '  ', '\n', '\t', '\u00a0', '😂', '.', '-');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme' }),
          fc.array(piece, { maxLength: 40 }).map((parts) => parts.join('')),
        ),
        (text) => {
          expect(longEnoughToTrustDetection(text)).toBe(countingRule(text));
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('mayBeWrittenIn', () => {
  it('rules a text out of English only when it has a letter English does not use', () => {
    expect(mayBeWrittenIn('see you at the station 😂', 'en')).toBe(true);
    expect(mayBeWrittenIn('nos vemos en la estacion', 'en')).toBe(true);
    expect(mayBeWrittenIn('nos vemos mañana', 'en')).toBe(false);
    expect(mayBeWrittenIn('أين أنت الآن', 'en')).toBe(false);
    expect(mayBeWrittenIn('你现在在哪里', 'en')).toBe(false);
    // Other languages are never ruled out: their alphabets overlap too much to tell.
    expect(mayBeWrittenIn('see you at the station', 'es')).toBe(true);
  });

  it('never rules out a text made only of A–Z letters, whatever else it holds (property)', () => {
    const piece = fc.constantFrom('a', 'Z', ' ', '1', '.', '😂', '€', '\n', "'", '-');
    fc.assert(
      fc.property(
        fc.array(piece).map((parts) => parts.join('')),
        (text) => {
          expect(mayBeWrittenIn(text, 'en')).toBe(true);
          expect(mayBeWrittenIn(`${text}é`, 'en')).toBe(false);
        },
      ),
    );
  });
});
