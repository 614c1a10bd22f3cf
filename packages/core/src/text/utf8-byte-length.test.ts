import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8ByteLength } from './utf8-byte-length';

describe('utf8ByteLength', () => {
  it('counts bytes exactly as Buffer.byteLength does, lone surrogates included', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'é', '中', '😀', '\ud800', '\udc00', '\n') }),
        (text) => {
          expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, 'utf8'));
        },
      ),
    );
  });
});
