import { describe, expect, it } from 'vitest';
import type { Recognizer } from '../recognizers/recognizer';
import { createEntityExtractor } from './extract-entities';

// The extractor skips a recognizer whose `needs` a text cannot meet, from one shared pass over the text.
function countingRecognizer(needs: Recognizer['needs']): Recognizer & { calls: string[] } {
  const calls: string[] = [];
  return {
    name: 'counting',
    types: ['handle'],
    needs,
    calls,
    find(text) {
      calls.push(text);
      return [];
    },
  };
}

describe('createEntityExtractor gates', () => {
  it('runs a recognizer only on texts with its trigger characters, digits and alphanumeric run', () => {
    const byCharacter = countingRecognizer({ anyOf: '@€' });
    const byDigits = countingRecognizer({ minDigits: 3 });
    const byRun = countingRecognizer({ minAlphanumericRun: 6 });
    const extractor = createEntityExtractor({ recognizers: [byCharacter, byDigits, byRun] });
    const texts = ['hola', 'mail me @ home', '5 €', 'call 12 3', 'call 123', 'abc12 x', 'abc123', 'ñabc12ñ'];
    for (const text of texts) extractor.extract(text);
    expect(byCharacter.calls).toEqual(['mail me @ home', '5 €']);
    expect(byDigits.calls).toEqual(['call 12 3', 'call 123', 'abc123']);
    expect(byRun.calls).toEqual(['abc123']);
  });

  it('runs every recognizer on texts that meet every need, and each once', () => {
    const recognizers = Array.from({ length: 40 }, (_, index) =>
      countingRecognizer({ anyOf: String.fromCharCode(0x41 + index) }),
    );
    const extractor = createEntityExtractor({ recognizers });
    extractor.extract('ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefgh');
    expect(recognizers.map((recognizer) => recognizer.calls.length)).toEqual(recognizers.map(() => 1));
  });
});
