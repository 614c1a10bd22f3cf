import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecentResults } from './recent-results';

/** The obvious least-recently-used map, most recent last, to check the real one against. */
class ReferenceRecentResults {
  private entries: Array<[string, number]> = [];

  constructor(private readonly capacity: number) {}

  get(key: string): number | undefined {
    const index = this.entries.findIndex(([entryKey]) => entryKey === key);
    if (index === -1) return undefined;
    const [entry] = this.entries.splice(index, 1);
    this.entries.push(entry!);
    return entry![1];
  }

  set(key: string, value: number): void {
    this.entries = this.entries.filter(([entryKey]) => entryKey !== key);
    this.entries.push([key, value]);
    if (this.entries.length > this.capacity) this.entries.shift();
  }

  get size(): number {
    return this.entries.length;
  }
}

describe('RecentResults', () => {
  it('keeps the most recently used entries within capacity', () => {
    const recent = new RecentResults<number>(2);
    recent.set('a', 1);
    recent.set('b', 2);
    expect(recent.get('a')).toBe(1);
    recent.set('c', 3);
    expect(recent.get('b')).toBeUndefined();
    expect(recent.get('a')).toBe(1);
    expect(recent.get('c')).toBe(3);
    expect(recent.size).toBe(2);
  });

  it('behaves exactly like a plain least-recently-used map (property)', () => {
    const operation = fc.oneof(
      fc.record({ kind: fc.constant('get' as const), key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f') }),
      fc.record({
        kind: fc.constant('set' as const),
        key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
        value: fc.integer(),
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(operation, { maxLength: 200 }),
        (capacity, operations) => {
          const recent = new RecentResults<number>(capacity);
          const reference = new ReferenceRecentResults(capacity);
          for (const step of operations) {
            if (step.kind === 'get') expect(recent.get(step.key)).toBe(reference.get(step.key));
            else {
              recent.set(step.key, step.value);
              reference.set(step.key, step.value);
            }
            expect(recent.size).toBe(reference.size);
          }
        },
      ),
    );
  });
});
