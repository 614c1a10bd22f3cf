import { InputError } from '@toex/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText } from './decode-text';
import type { EncodingDetection } from './detect-encoding';
import { utf8Chunks } from './utf8-chunks';

const utf8: EncodingDetection = { name: 'utf-8', method: 'option', confidence: 'certain', reason: 'test' };

/** Splits `bytes` at the given cut points (any byte offsets, so characters are cut too). */
async function* pieces(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...new Set(cuts.map((each) => each % (bytes.length + 1)))].sort((a, b) => a - b)) {
    yield bytes.subarray(start, cut);
    start = cut;
  }
  yield bytes.subarray(start);
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

async function failure(run: () => Promise<unknown>): Promise<InputError> {
  try {
    await run();
  } catch (error) {
    if (InputError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('utf8Chunks', () => {
  it('passes the bytes through whole, in chunks that each decode on their own (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme' }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (text, withBom, cuts) => {
          const bytes = Buffer.from((withBom ? '\uFEFF' : '') + text, 'utf8');
          const chunks = await collect(utf8Chunks(pieces(bytes, cuts), utf8, 'x.csv'));
          expect(
            chunks.map((chunk) => new TextDecoder('utf-8', { fatal: true }).decode(chunk)).join(''),
          ).toBe(text);
        },
      ),
    );
  });

  it('stops at bytes that are not UTF-8 with the error and line decodeText gives (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('a', 'ñ', '中', '😂', '\n', '\r\n', '\r', ','), { maxLength: 60 }),
        fc.nat(),
        fc.constantFrom([0xff], [0xc3, 0x28], [0x80]),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (parts, position, bad, cuts) => {
          const text = parts.join('');
          const good = Buffer.from(text, 'utf8');
          // Insert the bad bytes at a character boundary.
          const at = Buffer.from(parts.slice(0, position % (parts.length + 1)).join(''), 'utf8').length;
          const bytes = Buffer.concat([good.subarray(0, at), Buffer.from(bad), good.subarray(at)]);
          const expected = await failure(async () => {
            for await (const _text of decodeText(pieces(bytes, []), utf8, 'x.csv')) {
              // decoded only to meet its error
            }
          });
          const actual = await failure(() => collect(utf8Chunks(pieces(bytes, cuts), utf8, 'x.csv')));
          expect(actual.code).toBe('invalid_encoding');
          expect(actual.line).toBe(expected.line);
        },
      ),
    );
  });

  it('reports a file cut in the middle of a character', async () => {
    const bytes = Buffer.from('hola\nhasta mañana 😂', 'utf8').subarray(0, -1);
    const error = await failure(() => collect(utf8Chunks(pieces(bytes, []), utf8, 'x.csv')));
    expect(error.code).toBe('invalid_encoding');
    expect(error.line).toBe(2);
  });
});
