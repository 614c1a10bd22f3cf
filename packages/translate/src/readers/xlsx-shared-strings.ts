import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A shared string as exceljs gives it: plain text, or rich text runs. */
export type SharedStringValue = string | { richText: Array<{ text: string; font?: unknown }> };

/**
 * A workbook's shared-string table kept on disk, with only the offsets in memory.
 *
 * An .xlsx file stores each distinct cell text once, in `xl/sharedStrings.xml`, and cells refer to it by
 * number. In a phone-download workbook nearly every message is distinct, so the table is most of the
 * text: held as JavaScript strings (exceljs's default) a 200 MB workbook needs gigabytes. Here each string
 * is appended to a temporary file (owner-only: it is case material) and read back by position when a cell
 * names it; memory grows by 8 bytes per string, not by its length.
 */
export class SharedStringTable {
  private readonly folder: string;
  private readonly descriptor: number;
  private offsets = new Float64Array(1024);
  private count = 0;
  private written = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  // Repeated short strings (chat names, statuses) are read often: a small cache spares the disk.
  private readonly recent = new Map<number, SharedStringValue>();
  private closed = false;

  constructor() {
    this.folder = mkdtempSync(join(tmpdir(), 'toex-xlsx-'));
    this.descriptor = openSync(join(this.folder, 'shared-strings'), 'w+', 0o600);
  }

  /** Strings added so far. */
  get length(): number {
    return this.count;
  }

  /** Appends the next string (strings are numbered in the order added, from 0). */
  add(value: SharedStringValue | null | undefined): void {
    // Rich text is stored as JSON behind a marker byte a plain string cannot start with.
    const encoded =
      typeof value === 'string'
        ? Buffer.from(`s${value}`, 'utf8')
        : value === null || value === undefined
          ? Buffer.from('s', 'utf8')
          : Buffer.from(`r${JSON.stringify(value)}`, 'utf8');
    if (this.count + 1 >= this.offsets.length) {
      const grown = new Float64Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    this.offsets[this.count] = this.written + this.pendingBytes;
    this.count++;
    this.offsets[this.count] = this.written + this.pendingBytes + encoded.length;
    this.pending.push(encoded);
    this.pendingBytes += encoded.length;
    if (this.pendingBytes >= 1 << 20) this.flush();
  }

  /** The string numbered `index`, or undefined when there is none. */
  get(index: number): SharedStringValue | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    const cached = this.recent.get(index);
    if (cached !== undefined) return cached;
    this.flush();
    const start = this.offsets[index] ?? 0;
    const length = (this.offsets[index + 1] ?? start) - start;
    const buffer = Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) {
      const bytes = readSync(this.descriptor, buffer, read, length - read, start + read);
      if (bytes === 0) break;
      read += bytes;
    }
    const text = buffer.toString('utf8', 1, read);
    const value: SharedStringValue = buffer[0] === 0x72 ? (JSON.parse(text) as SharedStringValue) : text;
    if (length < 256) {
      if (this.recent.size >= 4096) this.recent.clear();
      this.recent.set(index, value);
    }
    return value;
  }

  /**
   * An array-like view for exceljs's worksheet reader, which looks strings up as `sharedStrings[index]`.
   */
  asArrayLike(): ArrayLike<SharedStringValue | undefined> {
    return new Proxy(this as unknown as ArrayLike<SharedStringValue | undefined>, {
      get: (_target, key) => {
        if (key === 'length') return this.count;
        if (typeof key === 'string' && /^\d+$/.test(key)) return this.get(Number(key));
        return undefined;
      },
    });
  }

  /** Deletes the temporary file. Safe to call more than once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    try {
      closeSync(this.descriptor);
    } finally {
      rmSync(this.folder, { recursive: true, force: true });
    }
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    const chunk = Buffer.concat(this.pending, this.pendingBytes);
    let done = 0;
    while (done < chunk.length)
      done += writeSync(this.descriptor, chunk, done, chunk.length - done, this.written + done);
    this.written += chunk.length;
    this.pending = [];
    this.pendingBytes = 0;
  }
}
