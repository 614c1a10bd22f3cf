import { InputError } from '@toex/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EncodingDetection } from './detect-encoding';
import { streamJsonValues } from './stream-json-values';

const utf8: EncodingDetection = { name: 'utf-8', method: 'utf-8', confidence: 'certain', reason: 'test' };

/** `bytes` cut at the given offsets, as a stream. */
async function* cut(bytes: Uint8Array, offsets: readonly number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const offset of [...new Set(offsets)].sort((a, b) => a - b)) {
    if (offset <= start || offset >= bytes.length) continue;
    yield bytes.subarray(start, offset);
    start = offset;
  }
  yield bytes.subarray(start);
}

async function collect(bytes: Uint8Array, offsets: readonly number[], paths: string[]) {
  const stream = streamJsonValues(cut(bytes, offsets), { encoding: utf8, file: 'x.json', paths });
  const values = [];
  for await (const found of stream.values) values.push(found);
  return { values, repaired: stream.repairedEscapes() };
}

const message = fc.record({
  id: fc.nat(),
  text: fc.oneof(
    fc.string({ unit: 'grapheme' }),
    fc.array(fc.oneof(fc.string(), fc.record({ type: fc.constant('bold'), text: fc.string() }))),
  ),
  extra: fc.jsonValue({ maxDepth: 2 }),
});

describe('streamJsonValues', () => {
  it('yields the values JSON.parse finds at the paths, in order, however the bytes are cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          chats: fc.record({
            list: fc.array(fc.record({ name: fc.string(), messages: fc.array(message, { maxLength: 6 }) }), {
              maxLength: 4,
            }),
          }),
          other: fc.jsonValue({ maxDepth: 3 }),
        }),
        fc.array(fc.nat({ max: 4000 }), { maxLength: 12 }),
        async (document, offsets) => {
          const bytes = new TextEncoder().encode(JSON.stringify(document, null, 1));
          const { values } = await collect(bytes, offsets, ['$.chats.list.*.messages.*']);
          const expected = document.chats.list.flatMap((chat, chatIndex) =>
            chat.messages.map((value, index) => ({ value, key: index, chat: chatIndex })),
          );
          expect(
            values.map((found) => ({ value: found.value, key: found.key, chat: found.path[3] })),
          ).toEqual(JSON.parse(JSON.stringify(expected)));
          for (const found of values)
            expect(found.path).toEqual([undefined, 'chats', 'list', found.path[3], 'messages']);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("repairs Telegram's \\xNN escapes split anywhere between chunks", async () => {
    const json = String.raw`{"messages":[{"text":"a\x0Bb"},{"text":"C:\\x41\x0C"}]}`;
    const bytes = new TextEncoder().encode(json);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: bytes.length }), { maxLength: 8 }), async (offsets) => {
        const { values, repaired } = await collect(bytes, offsets, ['$.messages.*']);
        expect(values.map((found) => found.value)).toEqual([{ text: 'a\u000bb' }, { text: 'C:\\x41\u000c' }]);
        expect(repaired).toBe(2);
      }),
    );
  });

  it('names the line of a syntax error, wherever the chunks are cut', async () => {
    const bytes = new TextEncoder().encode('{\n "messages": [\n  {"text": "ñ"},\n  {,}\n ]\n}');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: bytes.length }), { maxLength: 6 }), async (offsets) => {
        const error = await collect(bytes, offsets, ['$.messages.*']).catch((caught: unknown) => caught);
        expect(InputError.isInstance(error) && error.code).toBe('invalid_json');
        expect((error as InputError).message).toContain('x.json:4');
      }),
    );
  });

  it('reports a document cut short as invalid JSON', async () => {
    const bytes = new TextEncoder().encode('{"messages":[{"text":"a"},');
    const error = await collect(bytes, [], ['$.messages.*']).catch((caught: unknown) => caught);
    expect(InputError.isInstance(error) && error.code).toBe('invalid_json');
  });
});
