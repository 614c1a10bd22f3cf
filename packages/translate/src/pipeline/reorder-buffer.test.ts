import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReorderBuffer } from './reorder-buffer';

const item = <V>(value: V) => ({ value, done: false });

describe('ReorderBuffer', () => {
  it('releases items in input order whatever order they complete in', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 0, max: 3000 })
          .chain((count) =>
            fc.shuffledSubarray([...Array(count).keys()], { minLength: count, maxLength: count }),
          ),
        (completionOrder) => {
          const buffer = new ReorderBuffer<{ value: number; done: boolean }>();
          const items = completionOrder.map((_, index) => item(index));
          for (const each of items) buffer.push(each);
          const released: number[] = [];
          for (const index of completionOrder) {
            items[index]!.done = true;
            released.push(...buffer.takeReady().map((ready) => ready.value));
          }
          expect(released).toEqual([...completionOrder.keys()]);
          expect(buffer.size).toBe(0);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('holds back everything behind an unfinished item', () => {
    const buffer = new ReorderBuffer<{ value: string; done: boolean }>();
    const first = item('a');
    const second = item('b');
    buffer.push(first);
    buffer.push(second);
    second.done = true;
    expect(buffer.takeReady()).toEqual([]);
    first.done = true;
    expect(buffer.takeReady().map((ready) => ready.value)).toEqual(['a', 'b']);
  });
});
