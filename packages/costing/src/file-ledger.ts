import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { InputError } from '@toex/core';
import { z } from 'zod';
import { assertLedgerEntry, type Ledger } from './ledger';
import { type LedgerEntry, ledgerEntrySchema } from './ledger-entry';

/** A line of a ledger file that was skipped because it is not complete JSON (cut off by a crash). */
export interface SkippedLedgerLine {
  file: string;
  /** 1-based line number. */
  line: number;
  /** The first 200 characters of the line. */
  text: string;
}

/** Options for {@link openFileLedger}. */
export interface FileLedgerOptions {
  /** Create the file when it does not exist. Defaults to true; reports pass false so a typo is an error. */
  create?: boolean;
  /** Flush each append to disk (`fsync`) before it resolves. Defaults to true: a ledger line is money. */
  sync?: boolean;
  /** Told about every skipped (cut-off) line while reading. Skipped lines are never silently lost from view. */
  onSkippedLine?: (line: SkippedLedgerLine) => void;
}

/** A {@link Ledger} in a local JSON-lines file. */
export interface FileLedger extends Ledger {
  /** The file's path. */
  readonly path: string;
  /** Reads every complete line, and lists the lines skipped because they were cut off. */
  readAll(): Promise<{ entries: LedgerEntry[]; skippedLines: SkippedLedgerLine[] }>;
}

// Appends are written in chunks of whole lines no larger than this, so a huge batch never needs one
// enormous buffer; each write still holds only complete lines.
const maximumWriteBytes = 4 * 1024 * 1024;

/**
 * Opens (by default creating) a ledger file: one JSON object per line, appended with `O_APPEND` so
 * each write lands at the end. Reading tolerates a last line cut off by a crash: a line that is not
 * complete JSON is skipped and reported through `onSkippedLine`, and the next append first ends it with a
 * newline so new lines are never glued onto the fragment. A line that is complete JSON but not a valid
 * ledger line is an `InputError` naming the file and line: that is damage, not a crash.
 *
 * One process should write a given file at a time; several readers are fine.
 */
export async function openFileLedger(path: string, options: FileLedgerOptions = {}): Promise<FileLedger> {
  try {
    await (await open(path, options.create === false ? 'r' : 'a')).close();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError({
      code: 'ledger_unreadable',
      file: path,
      message: `cannot open the ledger file (${code}). ${code === 'ENOENT' ? 'Check the path.' : 'Check its permissions.'}`,
      cause: error,
    });
  }
  let queue: Promise<unknown> = Promise.resolve();

  async function* readLines(onSkipped: (line: SkippedLedgerLine) => void): AsyncGenerator<LedgerEntry> {
    const lines = createInterface({
      input: createReadStream(path, { encoding: 'utf8' }),
      crlfDelay: Infinity,
    });
    let lineNumber = 0;
    for await (const text of lines) {
      lineNumber += 1;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        onSkipped({ file: path, line: lineNumber, text: text.slice(0, 200) });
        continue;
      }
      const parsed = ledgerEntrySchema.safeParse(value);
      if (!parsed.success) {
        throw new InputError({
          code: 'invalid_ledger_line',
          file: path,
          line: lineNumber,
          message: `not a valid ledger line:\n${z.prettifyError(parsed.error)}\nLedger lines are never edited; restore the file from backup.`,
        });
      }
      yield parsed.data as LedgerEntry;
    }
  }

  async function appendNow(entries: readonly LedgerEntry[]): Promise<void> {
    entries.forEach(assertLedgerEntry);
    if (entries.length === 0) return;
    const handle = await open(path, 'a+');
    try {
      // A crash can leave a fragment without a newline; end it so the next line stands alone.
      let pending = (await endsWithNewline(handle)) ? '' : '\n';
      for (const entry of entries) {
        const line = `${JSON.stringify(entry)}\n`;
        if (pending.length > 0 && Buffer.byteLength(pending) + Buffer.byteLength(line) > maximumWriteBytes) {
          await writeFully(handle, pending);
          pending = '';
        }
        pending += line;
      }
      await writeFully(handle, pending);
      if (options.sync !== false) await handle.sync();
    } finally {
      await handle.close();
    }
  }

  return {
    path,
    append(entries) {
      // Serialise appends from this process so their lines never interleave.
      const result = queue.then(() => appendNow(entries));
      queue = result.catch(() => undefined);
      return result;
    },
    entries() {
      return readLines(options.onSkippedLine ?? (() => undefined));
    },
    async readAll() {
      const skippedLines: SkippedLedgerLine[] = [];
      const entries: LedgerEntry[] = [];
      for await (const entry of readLines((line) => {
        skippedLines.push(line);
        options.onSkippedLine?.(line);
      })) {
        entries.push(entry);
      }
      return { entries, skippedLines };
    },
  };
}

async function endsWithNewline(handle: FileHandle): Promise<boolean> {
  const { size } = await handle.stat();
  if (size === 0) return true;
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  return last[0] === 0x0a;
}

async function writeFully(handle: FileHandle, text: string): Promise<void> {
  const buffer = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
    offset += bytesWritten;
  }
}
