import type { FileHandle } from 'node:fs/promises';
import type { z } from 'zod';
import { formatValidationIssues } from '../http/format-validation-issues';
import { secureJsonParse } from '../http/secure-json-parse';
import { CompactKeyIndex } from './compact-key-index';
import { ContentStoreError } from './content-store-error';
import type {
  ContentStoreFsync,
  ContentStoreWarning,
  FileContentStore,
  FileContentStoreOptions,
} from './file-content-store-options';
import { readFully, writeFully } from './file-io';
import { keyFingerprint } from './key-fingerprint';
import { scanLines } from './scan-lines';
import { storeIoError, unserializableValueError } from './store-errors';

// Reads of adjacent lines are merged when the gap between them is at most this many bytes.
const mergeGapBytes = 64 * 1024;
const maxReadBytes = 8 * 1024 * 1024;
// Lines waiting for their key to be checked are resolved in batches of about this many.
const maxPendingLines = 1024;

/** Where a line lies in the file. */
interface LineLocation {
  position: number;
  length: number;
}

/** A line indexed under a fingerprint already in the index: the same key again, or another one. */
interface PendingLine extends LineLocation {
  key: string;
  fingerprint: number;
}

/** The file-backed {@link FileContentStore} behind `openFileContentStore`; see there for the format. */
export class JsonLinesContentStore<V> implements FileContentStore<V> {
  readonly path: string;
  private readonly handle: FileHandle;
  private readonly schema: z.ZodType<V> | undefined;
  private readonly fsync: ContentStoreFsync;
  private readonly onWarning: ((warning: ContentStoreWarning) => void) | undefined;

  // Index: key fingerprint → the byte range of the key's latest line (without its newline). Keys are
  // not held, to keep memory small; the key in the line tells keys with the same fingerprint apart.
  private readonly index = new CompactKeyIndex();
  // Lines (in file order) whose fingerprint is already indexed, waiting for `resolvePending`.
  private pending: PendingLine[] = [];
  private readonly pendingFingerprints = new Set<number>();

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
    return this.index.size;
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
    const wanted = [...new Set(keys)]
      .filter((key) => typeof key === 'string')
      .map((key) => ({ key, fingerprint: keyFingerprint(key) }));
    let refreshed = false;
    if (wanted.some(({ fingerprint }) => !this.index.has(fingerprint))) {
      await this.refresh();
      refreshed = true;
    }
    const { found, unresolved } = await this.readValues(wanted);
    if (unresolved.length > 0 && !refreshed) {
      // Those keys only share a fingerprint with others stored here; another writer may have stored them.
      await this.refresh();
      for (const [key, value] of (await this.readValues(unresolved)).found) found.set(key, value);
    }
    return found;
  }

  /** Indexes what other writers appended since we last looked. */
  private refresh(): Promise<void> {
    return this.exclusive(async () => {
      const { size } = await this.handle.stat();
      if (size > this.observedSize) await this.indexRange(size);
    });
  }

  /**
   * Reads the values of `wanted` keys; `unresolved` are those none of whose candidate lines (lines of
   * keys with the same fingerprint) holds the key.
   */
  private async readValues(wanted: ReadonlyArray<{ key: string; fingerprint: number }>): Promise<{
    found: Map<string, V>;
    unresolved: Array<{ key: string; fingerprint: number }>;
  }> {
    const candidates: Array<LineLocation & { key: string }> = [];
    for (const { key, fingerprint } of wanted) {
      for (const entry of this.index.matches(fingerprint)) {
        candidates.push({ key, position: this.index.position(entry), length: this.index.length(entry) });
      }
    }
    const found = new Map<string, V>();
    const resolved = new Set<string>();
    try {
      await this.readLines(candidates, (candidate, text) => {
        const entry = this.parseEntry(text);
        if (entry === undefined || entry.k !== candidate.key) return;
        resolved.add(candidate.key);
        const value = this.checkValue(entry.v, candidate.position);
        // In file order, so a later line wins should one key ever have two.
        if (value.ok) found.set(candidate.key, value.value);
        else found.delete(candidate.key);
      });
    } catch (error) {
      throw storeIoError(this.path, 'read', error);
    }
    return { found, unresolved: wanted.filter(({ key }) => !resolved.has(key)) };
  }

  /** Reads the given lines in file order, merging nearby ones into one read, and passes each one's text to `visit`. */
  private async readLines<L extends LineLocation>(
    lines: L[],
    visit: (line: L, text: string) => void,
  ): Promise<void> {
    lines.sort((left, right) => left.position - right.position);
    let first = 0;
    while (first < lines.length) {
      // A batch written together is read back together.
      const start = lines[first]!.position;
      let end = start + lines[first]!.length;
      let last = first + 1;
      while (last < lines.length) {
        const next = lines[last]!;
        const nextEnd = Math.max(end, next.position + next.length);
        if (next.position - end > mergeGapBytes || nextEnd - start > maxReadBytes) break;
        end = nextEnd;
        last++;
      }
      const buffer = Buffer.allocUnsafe(end - start);
      await readFully(this.handle, buffer, start);
      for (let index = first; index < last; index++) {
        const line = lines[index]!;
        const offset = line.position - start;
        visit(line, buffer.toString('utf8', offset, offset + line.length));
      }
      first = last;
    }
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
      keys.forEach((key, index) => {
        const length = Buffer.byteLength(lines[index]!) - 1;
        this.indexEntry(key, position, length);
        position += length + 1;
      });
      try {
        await this.resolvePending();
      } catch (error) {
        throw storeIoError(this.path, 'read', error);
      }
      // Only now: had the reads above failed, the next append or lookup would index these lines again.
      this.linesIndexed += keys.length + (prefix === '' ? 0 : 1);
      this.indexedTo = size;
      this.observedSize = size;
      return;
    }
    // Other writers appended too: read everything new (from where we started), ours included.
    const unseen = new Set(keys);
    try {
      await this.indexRange(size, (key) => unseen.delete(key));
    } catch (error) {
      throw storeIoError(this.path, 'read', error);
    }
    // A writer killed mid-line just before us glues its fragment to our first line; write those again.
    const missing = keys.flatMap((key, index) => (unseen.has(key) ? [index] : []));
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

  /**
   * Indexes complete lines from `indexedTo` up to `size`, telling `onIndexed` each key indexed. Runs
   * exclusively (or during load).
   */
  private async indexRange(
    size: number,
    onIndexed?: (key: string) => void,
  ): Promise<{ trailingBytes: number }> {
    let lineNumber = this.linesIndexed;
    const { completeTo, trailingBytes } = await scanLines(this.handle, this.indexedTo, size, (line) => {
      lineNumber++;
      const key = this.indexLine(
        line.buffer.toString('utf8', line.start, line.end),
        line.position,
        lineNumber,
      );
      if (key !== undefined) onIndexed?.(key);
      return this.pending.length >= maxPendingLines ? this.resolvePending() : undefined;
    });
    await this.resolvePending();
    this.linesIndexed = lineNumber;
    this.indexedTo = completeTo;
    this.observedSize = size;
    return { trailingBytes };
  }

  /** Indexes one line; returns its key, or undefined when the line was skipped. */
  private indexLine(text: string, position: number, lineNumber: number): string | undefined {
    if (text.trim() === '') return undefined;
    const entry = this.parseEntry(text);
    if (entry === undefined) {
      // The torn line found on open, now completed by the newline we appended: already reported.
      if (position === this.tornLineAt) return undefined;
      this.warn(
        'corrupt_line',
        lineNumber,
        position,
        'the line is not a {"k":…,"v":…} JSON object; it was skipped',
      );
      return undefined;
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
        return undefined;
      }
    }
    this.indexEntry(entry.k, position, Buffer.byteLength(text));
    return entry.k;
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

  private checkValue(value: unknown, position: number): { ok: true; value: V } | { ok: false } {
    if (this.schema === undefined) return { ok: true, value: value as V };
    const checked = this.schema.safeParse(value);
    if (checked.success) return { ok: true, value: checked.data };
    // Indexed lines were valid when indexed; a line that no longer is was changed by someone else.
    this.warn('invalid_value', 0, position, 'the value no longer matches the store schema; it was skipped');
    return { ok: false };
  }

  /**
   * Points `key` at the line at `position`. A new fingerprint is a new key and is indexed at once; a
   * known one may be this key again or another with the same fingerprint, which only the lines can tell,
   * so it waits for `resolvePending`, as does every later line with that fingerprint, to keep file order.
   */
  private indexEntry(key: string, position: number, length: number): void {
    const fingerprint = keyFingerprint(key);
    if (!this.pendingFingerprints.has(fingerprint) && !this.index.has(fingerprint)) {
      this.index.add(fingerprint, position, length);
      return;
    }
    this.pending.push({ key, fingerprint, position, length });
    this.pendingFingerprints.add(fingerprint);
  }

  /** Reads the indexed lines that share a fingerprint with pending ones, to update or add each pending key. */
  private async resolvePending(): Promise<void> {
    if (this.pending.length === 0) return;
    const pending = this.pending;
    // Cleared first: if a read fails, these lines are indexed again by the next scan from `indexedTo`.
    this.pending = [];
    this.pendingFingerprints.clear();
    const candidates: Array<LineLocation & { entry: number }> = [];
    for (const fingerprint of new Set(pending.map((line) => line.fingerprint))) {
      for (const entry of this.index.matches(fingerprint)) {
        candidates.push({ entry, position: this.index.position(entry), length: this.index.length(entry) });
      }
    }
    const entries = new Map<string, number>();
    await this.readLines(candidates, (candidate, text) => {
      const key = this.parseEntry(text)?.k;
      if (key !== undefined) entries.set(key, candidate.entry);
    });
    for (const line of pending) {
      const entry = entries.get(line.key);
      if (entry === undefined)
        entries.set(line.key, this.index.add(line.fingerprint, line.position, line.length));
      else this.index.set(entry, line.position, line.length);
    }
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
