/** Something the {@link ReorderBuffer} holds: its owner sets `done` when its work is complete. */
export interface Reorderable {
  done: boolean;
}

/**
 * Holds items in input order while their work completes out of order, and releases the longest
 * complete prefix. The writer therefore emits rows strictly in input order, as early as possible, and
 * the buffer only ever holds rows between the oldest unfinished one and the newest read.
 *
 * Items carry their own `done` flag rather than getting a slot and a callback each: the buffer sees
 * every row of a job, and two objects fewer per row is measurable.
 */
export class ReorderBuffer<T extends Reorderable> {
  private items: T[] = [];
  private head = 0;

  /** Adds the next item in input order. Set its `done` once its work is complete. */
  push(item: T): void {
    this.items.push(item);
  }

  /** Removes and returns the complete items at the front, in order. */
  takeReady(): T[] {
    const ready: T[] = [];
    while (this.head < this.items.length && this.items[this.head]!.done) {
      ready.push(this.items[this.head]!);
      this.head += 1;
    }
    // Compact occasionally so a long job does not keep a growing array of released slots.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return ready;
  }

  /** Items held (complete or not) that have not been released yet. */
  get size(): number {
    return this.items.length - this.head;
  }
}
