/**
 * A small deterministic pseudo-random generator (mulberry32), so a generated export is the same file on
 * every machine and every run: cached files stay valid and results are comparable between runs.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let value = this.state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** A whole number in [minimum, maximum]. */
  integer(minimum: number, maximum: number): number {
    return minimum + Math.floor(this.next() * (maximum - minimum + 1));
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /**
   * One element, favouring the first ones as word frequencies do (Zipf with exponent about 1): the few
   * most common replies make up most of the messages drawn from a pool, as in real chats.
   */
  pickZipf<T>(items: readonly T[]): T {
    // Inverse of the continuous Zipf(1) distribution over [1, n + 1).
    const rank = Math.floor(Math.exp(this.next() * Math.log(items.length + 1))) - 1;
    return items[Math.min(rank, items.length - 1)]!;
  }

  /** True with the given probability. */
  chance(probability: number): boolean {
    return this.next() < probability;
  }
}
