import type { FileHandle } from 'node:fs/promises';
import type { z } from 'zod';
import { formatValidationIssues } from '../http/format-validation-issues';
import { secureJsonParse } from '../http/secure-json-parse';
import { ContentStoreError } from './content-store-error';
import type {
  ContentStoreFsync,
  ContentStoreWarning,
  FileContentStore,
  FileContentStoreOptions,
} from './file-content-store-options';
import { readFully, writeFully } from './file-io';
import { scanLines } from './scan-lines';
import { storeIoError, unserializableValueError } from './store-errors';

// Reads of adjacent lines are merged when the gap between them is at most this many bytes.
const mergeGapBytes = 64 * 1024;
const maxReadBytes = 8 * 1024 * 1024;
const initialCapacity = 1024;

/** The file-backed {@link FileContentStore} behind `openFileContentStore`; see there for the format. */
export class JsonLinesContentStore<V> implements FileContentStore<V> {
  readonly path: string;
  private readonly handle: FileHandle;
  private readonly schema: z.ZodType<V> | undefined;
  private readonly fsync: ContentStoreFsync;
  private readonly onWarning: ((warning: ContentStoreWarning) => void) | undefined;

  // Index: key → slot; a slot's line is at positions[slot] with lengths[slot] bytes (no newline).
  private readonly slots = new Map<string, number>();
  private positions = new Float64Array(initialCapacity);
  private lengths = new Uint32Array(initialCapacity);

  // Bytes before `indexedTo` have been indexed; it is always at the start of a line.
  private indexedTo = 0;
  private linesIndexed = 0;
  private observedSize = 0;
  // Set when the file ends without a newline: the next append must begin with one.
  private needsNewline = false;
  // The torn line found on open, already reported; it is skipped quietly when read again.
  private tornLineAt: number | undefined;
  private skipped = 0;

  // Appends and index updates run one at a time, in order.
  private exclusiveTail: Promise<void> = Promise.resolve();
  private syncRunning: Promise<void> | undefined;
  private syncQueued: Promise<void> | undefined;
  // Calls under way, so that close() waits for them.
  private readonly operations = new Set<Promise<unknown>>();
  private closing: Promise<void> | undefined;

  constructor(handle: FileHandle, options: FileContentStoreOptions<V>) {
    this.handle = handle;
    this.path = options.path;
    this.schema = options.schema;
    this.fsync = options.fsync ?? 'batch';
    this.onWarning = options.onWarning;
  }

  get size(): number {
    return this.slots.size;
  }

  get skippedLines(): number {
    return this.skipped;
  }

  /** Indexes the whole file. Called once, by `openFileContentStore`. */
  async load(): Promise<void> {
    const { size } = await this.handle.stat();
    const { trailingBytes } = await this.indexRange(size);
    if (trailingBytes > 0) {
      this.tornLineAt = this.indexedTo;
      this.needsNewline = true;
      this.warn(
        'torn_line',
        this.linesIndexed + 1,
        this.indexedTo,
        `the last line is incomplete (${trailingBytes} bytes, no newline), as when a writer is killed mid-write; it was skipped and that result will be fetched again`,
      );
    }
  }

  getMany(keys: readonly string[]): Promise<Map<string, V>> {
    return this.track(() => this.lookUp(keys));
  }

  putMany(entries: ReadonlyArray<readonly [string, V]>): Promise<void> {
    return this.track(() => this.writeEntries(entries));
  }

  close(): Promise<void> {
    if (this.closing === undefined) {
      this.closing = (async () => {
        await Promise.allSettled([...this.operations]);
        await this.handle.close();
      })();
    }
    return this.closing;
  }

  private async lookUp(keys: readonly string[]): Promise<Map<string, V>> {
    if (keys.some((key) => !this.slots.has(key))) {
      // Another writer may have stored it since we last looked.
      await this.exclusive(async () => {
        const { size } = await this.handle.stat();
        if (size > this.observedSize) await this.indexRange(size);
      });
    }
    const wanted: Array<{ key: string; position: number; length: number }> = [];
    for (const key of new Set(keys)) {
      const slot = this.slots.get(key);
      if (slot !== undefined)
        wanted.push({ key, position: this.positions[slot]!, length: this.lengths[slot]! });
    }
    wanted.sort((left, right) => left.position - right.position);
    const found = new Map<string, V>();
    try {
      let first = 0;
      while (first < wanted.length) {
        // Merge nearby lines into one read: a batch written together is read back together.
        const start = wanted[first]!.position;
        let end = start + wanted[first]!.length;
        let last = first + 1;
        while (last < wanted.length) {
          const next = wanted[last]!;
          const nextEnd = Math.max(end, next.position + next.length);
          if (next.position - end > mergeGapBytes || nextEnd - start > maxReadBytes) break;
          end = nextEnd;
          last++;
        }
        const buffer = Buffer.allocUnsafe(end - start);
        await readFully(this.handle, buffer, start);
        for (const entry of wanted.slice(first, last)) {
          const offset = entry.position - start;
          const value = this.parseValue(
            buffer.toString('utf8', offset, offset + entry.length),
            entry.position,
          );
          if (value.ok) found.set(entry.key, value.value);
        }
        first = last;
      }
    } catch (error) {
      throw storeIoError(this.path, 'read', error);
    }
    return found;
  }

  private async writeEntries(entries: ReadonlyArray<readonly [string, V]>): Promise<void> {
    if (entries.length === 0) return;
    const keys: string[] = [];
    const lines: string[] = [];
    for (const [key, value] of entries) {
      keys.push(key);
      lines.push(`${this.serialize(key, value)}\n`);
    }
    await this.exclusive(() => this.append(keys, lines, false));
    if (this.fsync === 'batch') {
      try {
        await this.sync();
      } catch (error) {
        throw storeIoError(this.path, 'flush', error);
      }
    }
  }

  private serialize(key: string, value: V): string {
    if (typeof key !== 'string') {
      throw new ContentStoreError({
        code: 'invalid_key',
        message: 'Content store keys must be strings.',
        path: this.path,
      });
    }
    if (this.schema !== undefined) {
      const checked = this.schema.safeParse(value);
      if (!checked.success) {
        throw new ContentStoreError({
          code: 'invalid_value',
          path: this.path,
          message: `The value for key ${key} does not match the store's schema, so it would not load back: ${formatValidationIssues(checked.error)}.`,
        });
      }
    }
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
      throw unserializableValueError(this.path, key, undefined);
    }
    let line: string;
    try {
      line = JSON.stringify({ k: key, v: value });
    } catch (error) {
      throw unserializableValueError(this.path, key, error);
    }
    // A value whose toJSON() returns undefined vanishes from the line; `"v":` unescaped can only be the field.
    if (!line.includes('"v":')) throw unserializableValueError(this.path, key, undefined);
    return line;
  }

  /** Appends lines for `keys` as one write and indexes them. Runs exclusively. */
  private async append(keys: readonly string[], lines: readonly string[], isRetry: boolean): Promise<void> {
    const prefix = this.needsNewline || isRetry ? '\n' : '';
    const buffer = Buffer.from(prefix + lines.join(''), 'utf8');
    const startedAt = this.indexedTo;
    let size: number;
    try {
      await writeFully(this.handle, buffer);
      this.needsNewline = false;
      size = (await this.handle.stat()).size;
    } catch (error) {
      throw storeIoError(this.path, 'write', error);
    }
    if (size === this.observedSize + buffer.length && this.observedSize === this.indexedTo) {
      // Nobody else appended: our lines are exactly where we wrote them.
      let position = this.indexedTo + prefix.length;
      if (prefix !== '') this.linesIndexed++;
      keys.forEach((key, index) => {
        const length = Buffer.byteLength(lines[index]!) - 1;
        this.setEntry(key, position, length);
        position += length + 1;
        this.linesIndexed++;
      });
      this.indexedTo = size;
      this.observedSize = size;
      return;
    }
    // Other writers appended too: read everything new, ours included.
    try {
      await this.indexRange(size);
    } catch (error) {
      throw storeIoError(this.path, 'read', error);
    }
    // A writer killed mid-line just before us glues its fragment to our first line; write those again.
    const missing = keys.flatMap((key, index) => {
      const slot = this.slots.get(key);
      return slot === undefined || this.positions[slot]! < startedAt ? [index] : [];
    });
    if (missing.length === 0) return;
    if (isRetry) {
      throw new ContentStoreError({
        code: 'content_store_io',
        path: this.path,
        message: `${missing.length} entries written to ${this.path} could not be read back; the file may be damaged or on a file system without atomic appends.`,
      });
    }
    await this.append(
      missing.map((index) => keys[index]!),
      missing.map((index) => lines[index]!),
      true,
    );
  }

  /** Indexes complete lines from `indexedTo` up to `size`. Runs exclusively (or during load). */
  private async indexRange(size: number): Promise<{ trailingBytes: number }> {
    let lineNumber = this.linesIndexed;
    const { completeTo, trailingBytes } = await scanLines(this.handle, this.indexedTo, size, (line) => {
      lineNumber++;
      this.indexLine(line.buffer.toString('utf8', line.start, line.end), line.position, lineNumber);
    });
    this.linesIndexed = lineNumber;
    this.indexedTo = completeTo;
    this.observedSize = size;
    return { trailingBytes };
  }

  private indexLine(text: string, position: number, lineNumber: number): void {
    if (text.trim() === '') return;
    const entry = this.parseEntry(text);
    if (entry === undefined) {
      // The torn line found on open, now completed by the newline we appended: already reported.
      if (position === this.tornLineAt) return;
      this.warn(
        'corrupt_line',
        lineNumber,
        position,
        'the line is not a {"k":…,"v":…} JSON object; it was skipped',
      );
      return;
    }
    if (this.schema !== undefined) {
      const checked = this.schema.safeParse(entry.v);
      if (!checked.success) {
        this.warn(
          'invalid_value',
          lineNumber,
          position,
          `the value does not match the store's schema (${formatValidationIssues(checked.error)}); it was skipped`,
        );
        return;
      }
    }
    this.setEntry(entry.k, position, Buffer.byteLength(text));
  }

  private parseEntry(text: string): { k: string; v: unknown } | undefined {
    let parsed: unknown;
    try {
      // The fast native parse is safe when no key could be a prototype-polluting one.
      parsed =
        text.includes('__proto__') || text.includes('constructor') || text.includes('\\u')
          ? secureJsonParse(text)
          : JSON.parse(text);
    } catch {
      return undefined;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    const record = parsed as Record<string, unknown>;
    if (typeof record.k !== 'string' || !Object.hasOwn(record, 'v')) return undefined;
    return { k: record.k, v: record.v };
  }

  private parseValue(text: string, position: number): { ok: true; value: V } | { ok: false } {
    const entry = this.parseEntry(text);
    if (entry === undefined) return { ok: false };
    if (this.schema === undefined) return { ok: true, value: entry.v as V };
    const checked = this.schema.safeParse(entry.v);
    if (checked.success) return { ok: true, value: checked.data };
    // Indexed lines were valid when indexed; a line that no longer is was changed by someone else.
    this.warn('invalid_value', 0, position, 'the value no longer matches the store schema; it was skipped');
    return { ok: false };
  }

  private setEntry(key: string, position: number, length: number): void {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.slots.size;
      if (slot === this.positions.length) this.grow();
      this.slots.set(key, slot);
    }
    this.positions[slot] = position;
    this.lengths[slot] = length;
  }

  private grow(): void {
    const positions = new Float64Array(this.positions.length * 2);
    positions.set(this.positions);
    this.positions = positions;
    const lengths = new Uint32Array(this.lengths.length * 2);
    lengths.set(this.lengths);
    this.lengths = lengths;
  }

  private warn(code: ContentStoreWarning['code'], line: number, position: number, reason: string): void {
    this.skipped++;
    const where = line > 0 ? `${this.path}:${line}` : `${this.path} (byte ${position})`;
    this.onWarning?.({ code, message: `${where}: ${reason}.`, path: this.path, line, position });
  }

  private track<T>(operation: () => Promise<T>): Promise<T> {
    try {
      this.ensureOpen();
    } catch (error) {
      return Promise.reject(error);
    }
    const running = operation();
    this.operations.add(running);
    const forget = () => this.operations.delete(running);
    running.then(forget, forget);
    return running;
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.exclusiveTail.then(task);
    this.exclusiveTail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Flushes to disk; a flush already under way may predate our write, so a new one is queued behind it. */
  private sync(): Promise<void> {
    if (this.syncQueued !== undefined) return this.syncQueued;
    if (this.syncRunning === undefined) return this.startSync();
    const start = () => {
      // From now on a new write needs a flush after this one.
      this.syncQueued = undefined;
      return this.startSync();
    };
    this.syncQueued = this.syncRunning.then(start, start);
    return this.syncQueued;
  }

  private startSync(): Promise<void> {
    const run = this.handle.datasync();
    this.syncRunning = run;
    const clear = () => {
      if (this.syncRunning === run) this.syncRunning = undefined;
    };
    run.then(clear, clear);
    return run;
  }

  private ensureOpen(): void {
    if (this.closing !== undefined) {
      throw new ContentStoreError({
        code: 'content_store_closed',
        path: this.path,
        message: `The content store ${this.path} is closed.`,
      });
    }
  }
}
