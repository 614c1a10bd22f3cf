import { utf8ByteLength } from '@toex/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeSegments,
  encodeSegments,
  escapeSegment,
  packSegments,
  SEGMENT_OVERHEAD,
  unescapeSegment,
} from './apertium-segments';

describe('escapeSegment / unescapeSegment', () => {
  it('round-trips any text, including markup, entities, asterisks and control characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(unescapeSegment(escapeSegment(text))).toBe(text);
      }),
    );
  });

  it('leaves no character that the HTML deformatter or APY would act on', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
        expect(escapeSegment(text)).not.toMatch(/[<*\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
      }),
    );
  });

  it("keeps a user's own entities literal", () => {
    const text = 'Esto es &amp; no es un &lt;tag&gt; ni &#42;';
    expect(escapeSegment(text)).toBe('Esto es &amp;amp; no es un &amp;lt;tag&amp;gt; ni &amp;#42;');
    expect(unescapeSegment(escapeSegment(text))).toBe(text);
  });
});

describe('decodeSegments', () => {
  it('splits a whole response back into its texts, in order', () => {
    const texts = ['Thank you Brother', 'Good nights', '5 < 10 & *bold*', '</p><p>not a boundary'];
    expect(decodeSegments(encodeSegments(texts), texts.length)).toEqual({ complete: true, segments: texts });
  });

  it('accepts the leading and trailing whitespace APY may add around the output', () => {
    expect(decodeSegments(' <p>hello</p>\n', 1)).toEqual({ complete: true, segments: ['hello'] });
  });

  it('never accepts a response cut anywhere as complete, and trusts only the paragraphs before the cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', minLength: 1 }), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        (texts, cutSeed) => {
          const whole = encodeSegments(texts);
          const cut = cutSeed % whole.length; // strictly shorter than the whole response
          const decoded = decodeSegments(whole.slice(0, cut), texts.length);
          expect(decoded.complete).toBe(false);
          expect(texts.slice(0, decoded.segments.length)).toEqual(decoded.segments);
        },
      ),
    );
  });

  it('trusts nothing when more texts come back than were sent', () => {
    const decoded = decodeSegments('<p>a</p><p>b</p><p>c</p>', 2);
    expect(decoded).toMatchObject({ complete: false, segments: [] });
  });

  it('trusts nothing when the structure is broken', () => {
    expect(decodeSegments('<p>a</p>stray<p>b</p>', 2)).toMatchObject({ complete: false, segments: [] });
    expect(decodeSegments('Thank you Good\nbrother nights', 2)).toMatchObject({
      complete: false,
      segments: [],
    });
  });
});

describe('packSegments', () => {
  it('keeps every batch within the byte budget, in order, with every text exactly once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 120 }), { maxLength: 80 }),
        fc.integer({ min: 64, max: 5_000 }),
        (texts, maxBytes) => {
          const batches = packSegments(texts, maxBytes);
          expect(batches.flat()).toEqual(texts.map((_, index) => index));
          for (const batch of batches) {
            const bytes = utf8ByteLength(encodeSegments(batch.map((index) => texts[index] ?? '')));
            // A batch may only exceed the budget when it is a single text too large on its own.
            if (batch.length > 1) expect(bytes).toBeLessThanOrEqual(maxBytes);
          }
        },
      ),
    );
  });

  it('counts the markup and the escaping, not just the text', () => {
    const text = '&'.repeat(100); // 100 characters, 500 bytes escaped
    expect(utf8ByteLength(encodeSegments([text]))).toBe(500 + SEGMENT_OVERHEAD);
    expect(packSegments([text, text], 1_000)).toEqual([[0], [1]]);
  });
});
