import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelledSet } from '../__fixtures__/labelled-set';
import { createEntityExtractor } from './extract-entities';

const extractor = createEntityExtractor();
const samples = labelledSet().map((message) => message.text);

// Text made of identifier-like pieces, emoji, combining marks, Arabic and CJK, so offsets are tested
// where UTF-16 and code points differ.
const piece = fc.oneof(
  fc.constantFrom(...samples),
  fc.constantFrom(
    '😀',
    '👩‍👩‍👧',
    'é',
    'e\u0301',
    'مرحبا',
    '你好',
    ' ',
    '\n',
    '@',
    '#',
    '£',
    '+44 ',
    '0',
    '.',
    ':',
  ),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.stringMatching(/^[0-9 +\-().:@#£A-Za-z]{1,24}$/),
);
const text = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));

describe('finding offsets', () => {
  it('always slice back to the reported text, in order and without overlaps', () => {
    fc.assert(
      fc.property(text, (input) => {
        const findings = extractor.extract(input);
        let previousEnd = 0;
        for (const finding of findings) {
          expect(input.slice(finding.start, finding.end)).toBe(finding.text);
          expect(finding.start).toBeGreaterThanOrEqual(previousEnd);
          expect(finding.end).toBeGreaterThan(finding.start);
          previousEnd = finding.end;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
