import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@toex/core';
import { describe, expect, it } from 'vitest';
import { translatorCharge } from './__fixtures__/ledger-fixtures';
import { openFileLedger } from './file-ledger';
import type { LedgerEntry } from './ledger-entry';

async function temporaryPath(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'toex-ledger-')), 'ledger.jsonl');
}

async function collect(entries: AsyncIterable<LedgerEntry>): Promise<LedgerEntry[]> {
  const lines: LedgerEntry[] = [];
  for await (const entry of entries) lines.push(entry);
  return lines;
}

describe('openFileLedger', () => {
  it('appends JSON lines and reads them back in order', async () => {
    const path = await temporaryPath();
    const ledger = await openFileLedger(path);
    const lines = [translatorCharge(100), translatorCharge(200)];
    await ledger.append(lines);
    await ledger.append([translatorCharge(300)]);
    const read = await collect(ledger.entries());
    expect(read.map((entry) => entry.quantity)).toEqual(['100', '200', '300']);
    expect(read[0]).toEqual(lines[0]);
    expect((await readFile(path, 'utf8')).split('\n')).toHaveLength(4);
  });

  it('still loads every complete line when a crash cut the last one off', async () => {
    const path = await temporaryPath();
    const ledger = await openFileLedger(path);
    await ledger.append([translatorCharge(1), translatorCharge(2), translatorCharge(3)]);
    const fourth = JSON.stringify(translatorCharge(4));
    await appendFile(path, fourth.slice(0, 57)); // the crash
    const skipped: number[] = [];
    const reopened = await openFileLedger(path, { onSkippedLine: (line) => skipped.push(line.line) });
    const afterCrash = await reopened.readAll();
    expect(afterCrash.entries.map((entry) => entry.quantity)).toEqual(['1', '2', '3']);
    expect(afterCrash.skippedLines).toEqual([{ file: path, line: 4, text: fourth.slice(0, 57) }]);
    expect(skipped).toEqual([4]);

    // The next append ends the fragment first, so the new line is not glued onto it.
    await reopened.append([translatorCharge(5)]);
    const afterResume = await reopened.readAll();
    expect(afterResume.entries.map((entry) => entry.quantity)).toEqual(['1', '2', '3', '5']);
    expect(afterResume.skippedLines.map((line) => line.line)).toEqual([4]);
  });

  it('treats a complete but invalid line as damage, naming the file and line', async () => {
    const path = await temporaryPath();
    const ledger = await openFileLedger(path);
    await ledger.append([translatorCharge(1)]);
    await appendFile(path, `${JSON.stringify({ ...translatorCharge(2), cost: '1,000' })}\n`);
    const error = await ledger.readAll().catch((caught: unknown) => caught);
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as InputError).line).toBe(2);
    expect((error as Error).message).toMatch(
      new RegExp(`^${path.replaceAll('/', '\\/')}:2: not a valid ledger line`),
    );
  });

  it('writes nothing from a batch holding an invalid line', async () => {
    const path = await temporaryPath();
    const ledger = await openFileLedger(path);
    await expect(
      ledger.append([translatorCharge(1), { ...translatorCharge(2), quantity: '2.' }]),
    ).rejects.toThrow(/is not valid/);
    expect(await readFile(path, 'utf8')).toBe('');
  });

  it('keeps concurrent appends from one process on separate lines', async () => {
    const path = await temporaryPath();
    const ledger = await openFileLedger(path, { sync: false });
    await Promise.all(Array.from({ length: 50 }, (_, index) => ledger.append([translatorCharge(index + 1)])));
    const { entries, skippedLines } = await ledger.readAll();
    expect(skippedLines).toEqual([]);
    expect(entries.map((entry) => Number(entry.quantity)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, index) => index + 1),
    );
  });

  it('keeps what was already in the file', async () => {
    const path = await temporaryPath();
    await writeFile(path, `${JSON.stringify(translatorCharge(7))}\n`);
    const ledger = await openFileLedger(path);
    await ledger.append([translatorCharge(8)]);
    expect((await collect(ledger.entries())).map((entry) => entry.quantity)).toEqual(['7', '8']);
  });

  it('refuses a missing file when asked not to create one', async () => {
    const path = await temporaryPath();
    await expect(openFileLedger(path, { create: false })).rejects.toThrow(
      /cannot open the ledger file \(ENOENT\)/,
    );
  });
});
