/**
 * Holds items in input order while their work completes out of order, and releases the longest
 * complete prefix. The writer therefore emits rows strictly in input order, as early as possible, and
 * the buffer only ever holds rows between the oldest unfinished one and the newest read.
 */
export class ReorderBuffer<T> {
  private items: Array<{ value: T; done: boolean }> = [];
  private head = 0;

  /** Adds the next item in input order; returns a function that marks it complete. */
  push(value: T): () => void {
    const slot = { value, done: false };
    this.items.push(slot);
    return () => {
      slot.done = true;
    };
  }

  /** Removes and returns the complete items at the front, in order. */
  takeReady(): T[] {
    const ready: T[] = [];
    while (this.head < this.items.length && this.items[this.head]!.done) {
      ready.push(this.items[this.head]!.value);
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
