import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReorderBuffer } from './reorder-buffer';

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
          const buffer = new ReorderBuffer<number>();
          const complete = completionOrder.map((_, index) => buffer.push(index));
          const released: number[] = [];
          for (const index of completionOrder) {
            complete[index]!();
            released.push(...buffer.takeReady());
          }
          expect(released).toEqual([...completionOrder.keys()]);
          expect(buffer.size).toBe(0);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('holds back everything behind an unfinished item', () => {
    const buffer = new ReorderBuffer<string>();
    const first = buffer.push('a');
    const second = buffer.push('b');
    second();
    expect(buffer.takeReady()).toEqual([]);
    first();
    expect(buffer.takeReady()).toEqual(['a', 'b']);
  });
});
