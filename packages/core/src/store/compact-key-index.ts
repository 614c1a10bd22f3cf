// Entries live in fixed-size chunks, so growing never copies them and wastes at most one chunk.
const chunkBits = 14;
const chunkSize = 1 << chunkBits;
const chunkMask = chunkSize - 1;
const initialTableBits = 10;
const maxLoad = 0.7;
// Lengths from here up are kept in `longLengths`; almost every line is far shorter.
const longLength = 0xffff;
const maxPosition = 2 ** 48;
const none: readonly number[] = [];

/**
 * A map from key fingerprint to a line's byte range (position, length), kept in typed arrays outside
 * the V8 heap at about 16 bytes per entry plus 4 bytes per hash-table slot (about 22–28 bytes in all),
 * where a `Map` of 64-character keys costs well over 100.
 *
 * It never sees keys: several keys may share a fingerprint, so {@link matches} returns every entry
 * under one, and the caller tells them apart by the key stored in each line. An entry's id is stable.
 *
 * Layout: entry `e` has its fingerprint, position and length in chunk `e >>> chunkBits`; the
 * open-addressing table (linear probing, at most 70% full, doubled when fuller) holds `e + 1`, 0 when
 * empty.
 */
export class CompactKeyIndex {
  private readonly fingerprints: Float64Array[] = [];
  private readonly positionsLow: Uint32Array[] = [];
  private readonly positionsHigh: Uint16Array[] = [];
  private readonly lengths: Uint16Array[] = [];
  private readonly longLengths = new Map<number, number>();
  private table = new Uint32Array(2 ** initialTableBits);
  private tableBits = initialTableBits;
  private count = 0;

  /** Number of entries. */
  get size(): number {
    return this.count;
  }

  /** Bytes held in typed arrays. */
  get byteLength(): number {
    return this.table.byteLength + this.fingerprints.length * chunkSize * 16;
  }

  /** Whether any entry has `fingerprint`. */
  has(fingerprint: number): boolean {
    const mask = this.table.length - 1;
    for (let slot = this.home(fingerprint); ; slot = (slot + 1) & mask) {
      const stored = this.table[slot]!;
      if (stored === 0) return false;
      if (this.fingerprintOf(stored - 1) === fingerprint) return true;
    }
  }

  /** The entries with `fingerprint`: usually none or one. */
  matches(fingerprint: number): readonly number[] {
    // Allocated only on a hit: looking up keys never stored is common.
    let found: number[] | undefined;
    const mask = this.table.length - 1;
    for (let slot = this.home(fingerprint); ; slot = (slot + 1) & mask) {
      const stored = this.table[slot]!;
      if (stored === 0) return found ?? none;
      if (this.fingerprintOf(stored - 1) === fingerprint) {
        found ??= [];
        found.push(stored - 1);
      }
    }
  }

  /**
   * Adds an entry, even when one with the same fingerprint exists (a different key), and returns its id.
   * `fingerprint` must be an integer in [0, 2^53).
   */
  add(fingerprint: number, position: number, length: number): number {
    checkPosition(position);
    if ((this.count + 1) / this.table.length > maxLoad) this.growTable();
    const entry = this.count;
    if ((entry & chunkMask) === 0) this.addChunk();
    this.fingerprints[entry >>> chunkBits]![entry & chunkMask] = fingerprint;
    this.set(entry, position, length);
    this.count++;
    this.place(entry);
    return entry;
  }

  /** Points an existing entry at a new line: a later line for the same key. */
  set(entry: number, position: number, length: number): void {
    checkPosition(position);
    const chunk = entry >>> chunkBits;
    const offset = entry & chunkMask;
    this.positionsLow[chunk]![offset] = position >>> 0;
    this.positionsHigh[chunk]![offset] = Math.floor(position / 0x100000000);
    if (length < longLength) {
      this.lengths[chunk]![offset] = length;
      this.longLengths.delete(entry);
    } else {
      this.lengths[chunk]![offset] = longLength;
      this.longLengths.set(entry, length);
    }
  }

  position(entry: number): number {
    const chunk = entry >>> chunkBits;
    const offset = entry & chunkMask;
    return this.positionsHigh[chunk]![offset]! * 0x100000000 + this.positionsLow[chunk]![offset]!;
  }

  length(entry: number): number {
    const length = this.lengths[entry >>> chunkBits]![entry & chunkMask]!;
    return length === longLength ? this.longLengths.get(entry)! : length;
  }

  private fingerprintOf(entry: number): number {
    return this.fingerprints[entry >>> chunkBits]![entry & chunkMask]!;
  }

  /**
   * The first slot to probe: the fingerprint's bits fully mixed (murmur3's finaliser), so fingerprints
   * that are not random, as of keys that are not hashes, still spread over the table.
   */
  private home(fingerprint: number): number {
    let hash = (fingerprint >>> 0) ^ Math.imul(Math.floor(fingerprint / 0x100000000), 0x9e3779b1);
    hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
    hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
    return (hash ^ (hash >>> 16)) >>> (32 - this.tableBits);
  }

  private place(entry: number): void {
    const mask = this.table.length - 1;
    let slot = this.home(this.fingerprintOf(entry));
    while (this.table[slot] !== 0) slot = (slot + 1) & mask;
    this.table[slot] = entry + 1;
  }

  private growTable(): void {
    this.tableBits++;
    this.table = new Uint32Array(2 ** this.tableBits);
    for (let entry = 0; entry < this.count; entry++) this.place(entry);
  }

  private addChunk(): void {
    this.fingerprints.push(new Float64Array(chunkSize));
    this.positionsLow.push(new Uint32Array(chunkSize));
    this.positionsHigh.push(new Uint16Array(chunkSize));
    this.lengths.push(new Uint16Array(chunkSize));
  }
}

function checkPosition(position: number): void {
  if (!(position >= 0 && position < maxPosition)) {
    throw new RangeError(`A store line at byte ${position} is beyond what the index can address (256 TiB).`);
  }
}
