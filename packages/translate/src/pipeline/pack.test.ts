import { utf8ByteLength } from '@toex/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TranslationLimits } from '../spec';
import { packTexts, RequestPacker } from './pack';

const azureLike: TranslationLimits = {
  maxItemsPerRequest: 1000,
  maxCharactersPerRequest: 50_000,
  charactersCountPerTarget: true,
};

const limitsArbitrary = fc.record({
  maxItemsPerRequest: fc.integer({ min: 1, max: 60 }),
  maxCharactersPerRequest: fc.integer({ min: 40, max: 2_000 }),
  charactersCountPerTarget: fc.boolean(),
  maxBytesPerRequest: fc.option(fc.integer({ min: 200, max: 4_000 }), { nil: undefined }),
});

const textArbitrary = fc.string({
  unit: fc.constantFrom('a', 'ñ', '中', '😀', ' ', '\n', 'b'),
  minLength: 1,
  maxLength: 30,
});

describe('RequestPacker', () => {
  it('never builds a request over any limit, and sends every text exactly once in order', () => {
    // Some texts grow when the provider prepares them (glossary markup): the limit holds for what is sent.
    const markup = fc.option(fc.integer({ min: 0, max: 25 }), { nil: undefined });
    fc.assert(
      fc.property(
        limitsArbitrary,
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.tuple(textArbitrary, markup), { maxLength: 300 }),
        (limits, targets, texts) => {
          const packer = new RequestPacker<{ text: string; id: number; sentLength?: number }>(
            limits,
            targets,
          );
          const sent = (item: { text: string; sentLength?: number }) => item.sentLength ?? item.text.length;
          const fitting = texts
            .map(([text, extra], id) =>
              extra === undefined ? { text, id } : { text, id, sentLength: text.length + extra },
            )
            .filter((item) => sent(item) <= packer.maxTextLength());
          const requests = packTexts(fitting, limits, targets);
          for (const request of requests) {
            expect(request.length).toBeGreaterThan(0);
            expect(request.length).toBeLessThanOrEqual(limits.maxItemsPerRequest);
            const characters =
              request.reduce((sum, item) => sum + sent(item), 0) *
              (limits.charactersCountPerTarget ? targets : 1);
            expect(characters).toBeLessThanOrEqual(limits.maxCharactersPerRequest);
            if (limits.maxBytesPerRequest !== undefined) {
              const bytes = request.reduce((sum, item) => sum + Buffer.byteLength(item.text, 'utf8'), 0);
              expect(bytes).toBeLessThanOrEqual(limits.maxBytesPerRequest);
            }
          }
          expect(requests.flat().map((item) => item.id)).toEqual(fitting.map((item) => item.id));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('packs greedily: each request is full enough that the next text would not have fitted', () => {
    fc.assert(
      fc.property(
        limitsArbitrary,
        fc.array(textArbitrary, { minLength: 1, maxLength: 200 }),
        (limits, texts) => {
          const fitting = texts
            .filter((text) => text.length <= new RequestPacker(limits, 1).maxTextLength())
            .map((text) => ({ text }));
          const requests = packTexts(fitting, limits, 1);
          for (let index = 0; index + 1 < requests.length; index += 1) {
            const request = requests[index]!;
            const next = requests[index + 1]![0]!;
            const characters = request.reduce((sum, item) => sum + item.text.length, 0) + next.text.length;
            const bytes =
              request.reduce((sum, item) => sum + utf8ByteLength(item.text), 0) + utf8ByteLength(next.text);
            const wouldOverflow =
              request.length + 1 > limits.maxItemsPerRequest ||
              characters > limits.maxCharactersPerRequest ||
              (limits.maxBytesPerRequest !== undefined && bytes > limits.maxBytesPerRequest);
            expect(wouldOverflow).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("counts Azure's request limit across all target languages", () => {
    const texts = Array.from({ length: 30 }, () => ({ text: 'x'.repeat(3_000) }));
    // 3,000 characters × 3 targets = 9,000 per text → 5 texts per 50,000-character request.
    const requests = packTexts(texts, azureLike, 3);
    expect(requests.map((request) => request.length)).toEqual([5, 5, 5, 5, 5, 5]);
  });

  it('keeps requests under a pacing cap smaller than the provider limit', () => {
    const texts = Array.from({ length: 100 }, () => ({ text: 'y'.repeat(1_000) }));
    const requests = packTexts(texts, azureLike, 1, 33_300);
    expect(Math.max(...requests.map((request) => request.length * 1_000))).toBeLessThanOrEqual(33_300);
  });

  it('refuses a single text over the limits instead of sending an oversized request', () => {
    const packer = new RequestPacker(
      { maxItemsPerRequest: 10, maxCharactersPerRequest: 100, charactersCountPerTarget: false },
      1,
    );
    expect(() => packer.add({ text: 'z'.repeat(101) })).toThrow(RangeError);
  });
});
