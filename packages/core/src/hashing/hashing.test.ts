import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ToexAbortError } from '../errors/abort-error';
import { InputError } from '../errors/input-error';
import { createHashingWriteStream } from './hashing-write-stream';
import { sha256File } from './sha256-file';
import { sha256Text } from './sha256-text';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'toex-hash-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

describe('sha256Text', () => {
  it('matches sha256sum of the UTF-8 text', () => {
    expect(sha256Text('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Text('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Text('é')).toBe('4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c');
  });
});

describe('sha256File', () => {
  it('hashes the exact bytes of a file larger than one read chunk', async () => {
    const content = randomBytes(3 * 1024 * 1024 + 17);
    const path = join(directory, 'input.bin');
    await writeFile(path, content);
    expect(await sha256File(path)).toEqual({ sha256: sha256(content), bytes: content.length });
  });

  it('keeps memory flat on a large file', async () => {
    const path = join(directory, 'large.bin');
    const size = 256 * 1024 * 1024;
    // A sparse file: 256 MiB of zeros without writing them.
    await writeFile(path, '');
    await truncate(path, size);
    const baseline = process.memoryUsage();
    let peak = 0;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peak = Math.max(peak, now.heapUsed + now.arrayBuffers - baseline.heapUsed - baseline.arrayBuffers);
    }, 2);
    try {
      const digest = await sha256File(path);
      expect(digest.bytes).toBe(size);
    } finally {
      clearInterval(sampler);
    }
    expect(peak).toBeLessThan(size / 4);
  });

  it('names the file when it cannot be read', async () => {
    const missing = join(directory, 'missing.csv');
    const error = await sha256File(missing).catch((caught: unknown) => caught);
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as InputError).file).toBe(missing);
    expect((error as Error).message).toContain(missing);
  });

  it('stops when aborted', async () => {
    const path = join(directory, 'input.bin');
    await writeFile(path, randomBytes(1024));
    await expect(sha256File(path, { signal: AbortSignal.abort() })).rejects.toSatisfy(
      ToexAbortError.isInstance,
    );
  });
});

describe('createHashingWriteStream', () => {
  it('computes the digest of what it writes, equal to hashing the finished file', async () => {
    const path = join(directory, 'output.csv');
    const chunks = ['id,text\n', '1,"مرحبا 🙂"\n', Buffer.from('2,"line\nbreak"\n'), 'x'.repeat(200_000)];
    const output = createHashingWriteStream(path, { flush: true });
    await pipeline(Readable.from(chunks), output);
    const digest = await output.digest;

    const written = await readFile(path);
    expect(digest).toEqual({ sha256: sha256(written), bytes: written.length });
    expect(digest).toEqual(await sha256File(path));
    expect(written.toString('utf8')).toBe(chunks.map(String).join(''));
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('hashes an empty output', async () => {
    const output = createHashingWriteStream(join(directory, 'empty.txt'));
    output.end();
    expect(await output.digest).toEqual({ sha256: sha256Text(''), bytes: 0 });
  });

  it('rejects the digest when the file cannot be written', async () => {
    const output = createHashingWriteStream(join(directory, 'no-such-directory', 'output.csv'));
    await expect(pipeline(Readable.from(['a']), output)).rejects.toThrow(/ENOENT/);
    await expect(output.digest).rejects.toThrow(/ENOENT/);
  });

  it('rejects the digest when destroyed before finishing, as the file is incomplete', async () => {
    const output = createHashingWriteStream(join(directory, 'partial.csv'));
    output.write('half');
    output.destroy();
    await expect(output.digest).rejects.toSatisfy(
      (error: unknown) => (error as { code?: string }).code === 'output_incomplete',
    );
  });
});
