import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contentKey } from './content-key';
import { ContentStoreError } from './content-store-error';
import { openFileContentStore } from './file-content-store';
import type { ContentStoreWarning } from './file-content-store-options';
import { keyFingerprint } from './key-fingerprint';

let directory: string;
let path: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'toex-store-'));
  path = join(directory, 'memory.jsonl');
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function entries(prefix: string, count: number): Array<[string, string]> {
  return Array.from({ length: count }, (_, index) => [`${prefix}${index}`, `value of ${prefix}${index}`]);
}

async function readAll(keys: readonly string[], warnings: ContentStoreWarning[] = []) {
  const store = await openFileContentStore<string>({ path, onWarning: (warning) => warnings.push(warning) });
  const found = await store.getMany(keys);
  const size = store.size;
  await store.close();
  return { found, size, warnings };
}

/** Content keys that differ but share one fingerprint: the same four quarters in other orders. */
function collidingKeys(text: string): [string, string, string] {
  const key = contentKey(text);
  const [a, b, c, d] = [0, 16, 32, 48].map((start) => key.slice(start, start + 16));
  const keys: [string, string, string] = [key, `${b}${a}${c}${d}`, `${a}${b}${d}${c}`];
  expect(new Set(keys).size).toBe(3);
  expect(new Set(keys.map(keyFingerprint)).size).toBe(1);
  return keys;
}

/** Starts `__fixtures__/append-worker.ts` in a child process, appending `count` entries to `path`. */
function startWorker(prefix: string, count: number) {
  const worker = fileURLToPath(new URL('./__fixtures__/append-worker.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', worker, path, prefix, String(count)], {
    cwd: fileURLToPath(new URL('../../../..', import.meta.url)),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 || signal === 'SIGKILL'
        ? resolve()
        : reject(new Error(`worker ${prefix} failed: ${errors}`)),
    );
  });
  return { child, ready, exited };
}

describe('openFileContentStore', () => {
  it('round-trips values exactly, including unicode, newlines, emoji and nested JSON', async () => {
    const values: Array<[string, unknown]> = [
      ['arabic', 'مرحبا\nبالعالم'],
      ['emoji', '👮‍♀️ 🇬🇧 \u{1F600}'],
      ['separators', 'line\u2028separator\u2029paragraph\r\nwindows\ttab "quoted" \\ backslash'],
      ['lone surrogate', 'broken \uD800 pair'],
      ['nested', { translations: { en: 'hello', de: 'hallo' }, detectedLanguage: 'es', score: 0.93 }],
      ['empty', ''],
      ['null', null],
      ['zero', 0],
    ];
    const store = await openFileContentStore<unknown>({ path });
    await store.putMany(values);
    expect((await store.getMany(values.map(([key]) => key))).size).toBe(values.length);
    await store.close();

    const reopened = await openFileContentStore<unknown>({ path });
    const found = await reopened.getMany([...values.map(([key]) => key), 'never stored']);
    await reopened.close();
    expect(found).toEqual(new Map(values));
    // One entry per line: a newline inside a value never splits a line.
    expect((await readFile(path, 'utf8')).split('\n')).toHaveLength(values.length + 1);
  });

  it('keeps the later value of a duplicate key, within a batch, across batches and after reopening', async () => {
    const store = await openFileContentStore<string>({ path });
    await store.putMany([
      ['a', 'first'],
      ['a', 'second'],
      ['b', 'first'],
    ]);
    await store.putMany([['b', 'second']]);
    expect(await store.getMany(['a', 'b'])).toEqual(
      new Map([
        ['a', 'second'],
        ['b', 'second'],
      ]),
    );
    expect(store.size).toBe(2);
    await store.close();
    const { found, size } = await readAll(['a', 'b']);
    expect(found).toEqual(
      new Map([
        ['a', 'second'],
        ['b', 'second'],
      ]),
    );
    expect(size).toBe(2);
  });

  it('keeps keys that share a fingerprint apart, in one batch, across batches and after reopening', async () => {
    const [a, b, c] = collidingKeys('collide');
    const store = await openFileContentStore<string>({ path });
    await store.putMany([
      [a, 'a1'],
      [b, 'b1'],
      [a, 'a2'],
    ]);
    expect(await store.getMany([a, b, c])).toEqual(
      new Map([
        [a, 'a2'],
        [b, 'b1'],
      ]),
    );
    await store.putMany([
      [c, 'c1'],
      [b, 'b2'],
    ]);
    const expected = new Map([
      [a, 'a2'],
      [b, 'b2'],
      [c, 'c1'],
    ]);
    expect(await store.getMany([c, b, a])).toEqual(expected);
    expect(store.size).toBe(3);
    await store.close();
    const reopened = await readAll([a, b, c]);
    expect(reopened.found).toEqual(expected);
    expect(reopened.size).toBe(3);
    expect(reopened.warnings).toEqual([]);
  });

  it('finds a key another writer stored when this instance holds another key with the same fingerprint', async () => {
    const [a, b] = collidingKeys('shared');
    const first = await openFileContentStore<string>({ path });
    const second = await openFileContentStore<string>({ path });
    await first.putMany([[a, 'from first']]);
    await second.putMany([[b, 'from second']]);
    expect(await first.getMany([a, b])).toEqual(
      new Map([
        [a, 'from first'],
        [b, 'from second'],
      ]),
    );
    expect(first.size).toBe(2);
    await Promise.all([first.close(), second.close()]);
  });

  it('takes content keys and any other strings as keys, each distinct from the others', async () => {
    const hex = contentKey('text');
    const keys = [hex, hex.toUpperCase(), hex.slice(1), `${hex}\u0000`, '', 'ключ', 'z'.repeat(64)];
    const store = await openFileContentStore<number>({ path });
    await store.putMany(keys.map((key, index) => [key, index]));
    await store.close();
    const reopened = await openFileContentStore<number>({ path });
    expect(reopened.size).toBe(keys.length);
    expect(await reopened.getMany([...keys, contentKey('other')])).toEqual(
      new Map(keys.map((key, index) => [key, index])),
    );
    await reopened.close();
  });

  it('lets the later line win for thousands of keys written again, on open as well as while running', async () => {
    const keys = Array.from({ length: 3_000 }, (_, n) => contentKey(String(n)));
    const store = await openFileContentStore<string>({ path });
    await store.putMany(keys.map((key) => [key, `old ${key}`]));
    await store.putMany(keys.map((key) => [key, `new ${key}`]));
    await store.putMany(keys.slice(0, 10).map((key) => [key, `newest ${key}`]));
    const expected = new Map(keys.map((key, n) => [key, `${n < 10 ? 'newest' : 'new'} ${key}`]));
    expect(await store.getMany(keys)).toEqual(expected);
    expect(store.size).toBe(keys.length);
    await store.close();
    const reopened = await readAll(keys);
    expect(reopened.found).toEqual(expected);
    expect(reopened.size).toBe(keys.length);
    expect(reopened.warnings).toEqual([]);
  });

  it('survives a torn last line: keeps every complete entry, and later appends start on a fresh line', async () => {
    const store = await openFileContentStore<string>({ path });
    await store.putMany(entries('x', 50));
    await store.putMany(entries('y', 50));
    await store.close();
    // A kill in the middle of the last write leaves half a line.
    const { size } = await stat(path);
    await truncate(path, size - 20);

    const warnings: ContentStoreWarning[] = [];
    const damaged = await readAll(
      [...entries('x', 50), ...entries('y', 50)].map(([key]) => key),
      warnings,
    );
    expect(damaged.size).toBe(99);
    expect(damaged.found.get('y48')).toBe('value of y48');
    expect(damaged.found.has('y49')).toBe(false);
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'torn_line',
        line: 100,
        message: expect.stringContaining(`${path}:100`),
      }),
    ]);

    const resumed = await openFileContentStore<string>({ path, onWarning: () => {} });
    await resumed.putMany([['y49', 'value of y49'], ...entries('z', 10)]);
    expect((await resumed.getMany(['y49', 'z9'])).size).toBe(2);
    await resumed.close();

    const reopenWarnings: ContentStoreWarning[] = [];
    const all = await readAll(
      [...entries('x', 50), ...entries('y', 50), ...entries('z', 10)].map(([key]) => key),
      reopenWarnings,
    );
    expect(all.size).toBe(110);
    expect(all.found.get('y49')).toBe('value of y49');
    // The torn fragment is now a complete but corrupt line of its own; everything after it is intact.
    expect(reopenWarnings.map((warning) => [warning.code, warning.line])).toEqual([['corrupt_line', 100]]);
  });

  it('skips and reports a corrupt line in the middle without losing the lines around it', async () => {
    await writeFile(
      path,
      [
        '{"k":"a","v":"alpha"}',
        'not json at all',
        '{"k":"b"}',
        '["k","v"]',
        '',
        '{"k":"c","v":"gamma"}',
        '',
      ].join('\n'),
    );
    const warnings: ContentStoreWarning[] = [];
    const { found } = await readAll(['a', 'b', 'c'], warnings);
    expect(found).toEqual(
      new Map([
        ['a', 'alpha'],
        ['c', 'gamma'],
      ]),
    );
    expect(warnings.map((warning) => [warning.code, warning.line])).toEqual([
      ['corrupt_line', 2],
      ['corrupt_line', 3],
      ['corrupt_line', 4],
    ]);
    expect(warnings[0]?.message).not.toContain('not json at all');
  });

  it('validates values with the schema: skips invalid ones on load and refuses to write them', async () => {
    await writeFile(path, '{"k":"good","v":{"text":"ok"}}\n{"k":"bad","v":{"text":42}}\n');
    const schema = z.object({ text: z.string() });
    const warnings: ContentStoreWarning[] = [];
    const store = await openFileContentStore({
      path,
      schema,
      onWarning: (warning) => warnings.push(warning),
    });
    expect(await store.getMany(['good', 'bad'])).toEqual(new Map([['good', { text: 'ok' }]]));
    expect(warnings.map((warning) => [warning.code, warning.line])).toEqual([['invalid_value', 2]]);
    expect(store.skippedLines).toBe(1);

    const refused = await store
      .putMany([['worse', { text: 7 } as unknown as { text: string }]])
      .catch((error: unknown) => error);
    expect(ContentStoreError.isInstance(refused)).toBe(true);
    expect((refused as ContentStoreError).code).toBe('invalid_value');
    await store.close();
    expect(await readFile(path, 'utf8')).not.toContain('worse');
  });

  it('refuses values that JSON cannot hold, writing nothing of the batch', async () => {
    const store = await openFileContentStore<unknown>({ path });
    for (const value of [undefined, () => 1, 10n, { toJSON: () => undefined }]) {
      await expect(
        store.putMany([
          ['fine', 'ok'],
          ['bad', value],
        ]),
      ).rejects.toSatisfy(ContentStoreError.isInstance);
    }
    await store.close();
    expect(await readFile(path, 'utf8')).toBe('');
  });

  it('lets two instances in one process append concurrently, and each sees what the other stored', async () => {
    const first = await openFileContentStore<string>({ path });
    const second = await openFileContentStore<string>({ path });
    const writes: Array<Promise<void>> = [];
    for (let batch = 0; batch < 40; batch++) {
      writes.push(first.putMany(entries(`first-${batch}-`, 20)));
      writes.push(second.putMany(entries(`second-${batch}-`, 20)));
    }
    await Promise.all(writes);
    // Each picks up the other's lines when asked for a key it lacks.
    expect((await first.getMany(['second-39-19', 'first-0-0'])).size).toBe(2);
    expect((await second.getMany(['first-39-19'])).get('first-39-19')).toBe('value of first-39-19');
    await Promise.all([first.close(), second.close()]);

    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(1_600);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const { size, warnings } = await readAll([]);
    expect(size).toBe(1_600);
    expect(warnings).toEqual([]);
  });

  it('lets two processes append to one file at the same time without losing or mixing lines', async () => {
    const count = 2_000;
    const workers = [startWorker('left', count), startWorker('right', count)];
    await Promise.all(workers.map((worker) => worker.ready));
    for (const worker of workers) worker.child.stdin.write('go\n');
    await Promise.all(workers.map((worker) => worker.exited));

    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(2 * count);
    const prefixes = lines.map((line) => (JSON.parse(line) as { k: string }).k.split('-')[0]);
    // The two really wrote at the same time: their batches alternate in the file.
    const switches = prefixes.filter((prefix, index) => index > 0 && prefix !== prefixes[index - 1]).length;
    expect(switches).toBeGreaterThan(1);
    const keys = ['left', 'right'].flatMap((prefix) =>
      Array.from({ length: count }, (_, n) => `${prefix}-${n}`),
    );
    const warnings: ContentStoreWarning[] = [];
    const store = await openFileContentStore<{ n: number; text: string }>({
      path,
      onWarning: (warning) => warnings.push(warning),
    });
    const found = await store.getMany(keys);
    await store.close();
    expect(warnings).toEqual([]);
    expect(found.size).toBe(2 * count);
    expect(found.get('right-1999')?.text).toMatch(/^right 1999 (é✓🙂){60}$/);
  }, 60_000);

  it('keeps every entry whose putMany resolved when the writer is killed with SIGKILL mid-run', async () => {
    const worker = startWorker('killed', 1_000_000);
    await worker.ready;
    let stored = 0;
    worker.child.stdout.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString().matchAll(/stored (\d+)/g))
        stored = Math.max(stored, Number(match[1]));
    });
    worker.child.stdin.write('go\n');
    while (stored < 2_000 && worker.child.exitCode === null)
      await new Promise((resolve) => setTimeout(resolve, 5));
    worker.child.kill('SIGKILL');
    await worker.exited;
    const confirmed = stored;

    const warnings: ContentStoreWarning[] = [];
    const store = await openFileContentStore<{ n: number; text: string }>({
      path,
      onWarning: (warning) => warnings.push(warning),
    });
    const keys = Array.from({ length: confirmed }, (_, n) => `killed-${n}`);
    expect((await store.getMany(keys)).size).toBe(confirmed);
    // At most the batch being written when the kill landed is torn; nothing else is damaged.
    expect(warnings.filter((warning) => warning.code !== 'torn_line')).toEqual([]);
    expect(warnings.length).toBeLessThanOrEqual(1);
    await store.putMany([['after-kill', { n: 0, text: 'resumed' }]]);
    await store.close();
    expect((await readAll(['after-kill'])).found.size).toBe(1);
  }, 60_000);

  it('picks up entries another writer appended after a torn line, then repairs its own append', async () => {
    const store = await openFileContentStore<string>({ path });
    await store.putMany([['a', 'alpha']]);
    // Another writer is killed mid-line, then our next batch lands right behind its fragment.
    await appendFile(path, '{"k":"lost","v":"hal');
    await store.putMany([
      ['b', 'beta'],
      ['c', 'gamma'],
    ]);
    expect(await store.getMany(['a', 'b', 'c'])).toEqual(
      new Map([
        ['a', 'alpha'],
        ['b', 'beta'],
        ['c', 'gamma'],
      ]),
    );
    await store.close();
    const { found } = await readAll(['a', 'b', 'c']);
    expect(found.size).toBe(3);
    // `b` was written again on a line of its own; the first copy is glued to the fragment.
    expect((await readFile(path, 'utf8')).split('\n')).toContain('{"k":"b","v":"beta"}');
  });

  it('creates the file readable by its owner only, since it holds case material', async () => {
    const nested = join(directory, 'cache', 'memory.jsonl');
    const store = await openFileContentStore<string>({ path: nested });
    await store.putMany([['a', 'alpha']]);
    await store.close();
    if (process.platform !== 'win32') expect((await stat(nested)).mode & 0o777).toBe(0o600);
  });

  it('refuses use after close, and close can be called twice', async () => {
    const store = await openFileContentStore<string>({ path, fsync: 'never' });
    const write = store.putMany([['a', 'alpha']]);
    await store.close();
    await write;
    await store.close();
    await expect(store.getMany(['a'])).rejects.toSatisfy(
      (error: unknown) => ContentStoreError.isInstance(error) && error.code === 'content_store_closed',
    );
    expect((await readAll(['a'])).found.get('a')).toBe('alpha');
  });

  it('reports a file it cannot open as a ContentStoreError naming the path', async () => {
    const error = await openFileContentStore({ path: directory }).catch((caught: unknown) => caught);
    expect(ContentStoreError.isInstance(error)).toBe(true);
    expect((error as ContentStoreError).code).toBe('content_store_io');
    expect((error as Error).message).toContain(directory);
  });
});
