import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error';
import { InputError } from '../errors/input-error';
import { ToexError } from '../errors/toex-error';
import { sha256File } from '../hashing/sha256-file';
import { REDACTED } from '../secrets/redact-secrets';
import { registerSecret } from '../secrets/secret-registry';
import { manifestEndpoint } from './manifest-endpoint';
import { MACHINE_OUTPUT_NOTICE, type Manifest } from './manifest-schema';
import { readManifest } from './read-manifest';
import { writeManifest } from './write-manifest';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'toex-manifest-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function sampleManifest(overrides: Partial<Manifest> = {}): Manifest {
  return {
    schemaVersion: 1,
    toexVersion: '0.1.0',
    kind: 'translation',
    machineOutput: true,
    notice: MACHINE_OUTPUT_NOTICE,
    job: { id: 'job-2026-11-22-0001', command: 'toex translate chats.csv --to en' },
    input: { path: 'chats.csv', sha256: 'a'.repeat(64), bytes: 1_234_567 },
    output: { path: 'chats.en.csv', sha256: 'b'.repeat(64), bytes: 1_300_000 },
    additionalOutputs: [],
    provider: {
      id: 'azure',
      apiVersion: '3.0',
      endpoint: 'api.cognitive.microsofttranslator.com/translate',
      region: 'uksouth',
    },
    counts: { rows: 350_000, failedRows: 2, cachedRows: 1_200 },
    billing: { unit: 'characters', characters: 41_000_000, meteredCharacters: null },
    cost: { amount: '410.00', currency: 'USD', estimated: true },
    warnings: [{ code: 'empty_row', message: '37 rows were empty and not sent.', count: 37 }],
    startedAt: '2026-11-22T09:30:00.000Z',
    finishedAt: '2026-11-22T12:05:10.250Z',
    durationMs: 9_310_250,
    ...overrides,
  };
}

describe('writeManifest and readManifest', () => {
  it('write a manifest as pretty JSON that reads back identical, returning its digest', async () => {
    const path = join(directory, 'chats.en.csv.manifest.json');
    const manifest = sampleManifest();
    const digest = await writeManifest(path, manifest);

    expect(await readManifest(path)).toEqual(manifest);
    const text = await readFile(path, 'utf8');
    expect(text).toContain('\n  "schemaVersion": 1,\n');
    expect(text).toContain('"meteredCharacters": null');
    expect(digest).toEqual(await sha256File(path));
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('reads a version 3 manifest with quality flags and a second provider, and still reads version 2', async () => {
    const path = join(directory, 'v3.manifest.json');
    const manifest = sampleManifest({
      schemaVersion: 3,
      qualityFlags: { untranslated: 2, length: 0, 'second-opinion': 5 },
      additionalProviders: [
        {
          role: 'second-opinion',
          provider: { id: 'apertium', apiVersion: 'apy', endpoint: '127.0.0.1:2737' },
          settings: { sample: 10, threshold: 0.3 },
          counts: { texts: 40, disagreements: 5 },
          billing: { unit: 'characters', characters: 1_200, meteredCharacters: null },
          cost: null,
        },
      ],
    });
    await writeManifest(path, manifest);
    expect(await readManifest(path)).toEqual(manifest);
    const older = join(directory, 'v2.manifest.json');
    await writeManifest(older, sampleManifest({ schemaVersion: 2 }));
    const read = await readManifest(older);
    expect(read.qualityFlags).toBeUndefined();
    expect(read.additionalProviders).toBeUndefined();
  });

  it('redacts a registered secret wherever it appears, and credential-named fields', async () => {
    const secret = 'f3c1a9d0e7b24c5e9a1b2c3d4e5f6a7b';
    registerSecret(secret);
    const path = join(directory, 'manifest.json');
    await writeManifest(
      path,
      sampleManifest({
        job: { id: 'job-1', command: `toex translate chats.csv --api-key ${secret}` },
        warnings: [
          { code: 'http_401', message: `Provider said: key ${secret} is not valid for region uksouth` },
        ],
      }),
    );
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain(secret);
    const written = await readManifest(path);
    expect(written.job.command).toBe(`toex translate chats.csv --api-key ${REDACTED}`);
    expect(written.warnings[0]?.message).toContain(REDACTED);
    // Evidence that merely looks like a key survives: hashes are not redacted.
    expect(written.input.sha256).toBe('a'.repeat(64));
  });

  it('refuses an invalid manifest with an InputError naming the file and field, writing nothing', async () => {
    const path = join(directory, 'manifest.json');
    const invalid = sampleManifest({
      billing: { unit: 'characters', characters: 10 } as unknown as Manifest['billing'],
      provider: { id: 'deepl', apiVersion: 'v2', endpoint: 'https://api.deepl.com/v2/translate?auth_key=x' },
    });
    const error = await writeManifest(path, invalid).catch((caught: unknown) => caught);
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as InputError).code).toBe('invalid_manifest');
    expect((error as InputError).file).toBe(path);
    expect((error as Error).message).toContain('billing.meteredCharacters');
    expect((error as Error).message).toContain('provider.endpoint');
    expect(await readdir(directory)).toEqual([]);
  });

  it('refuses a manifest that finishes before it starts, or whose times are not UTC', async () => {
    const path = join(directory, 'manifest.json');
    await expect(
      writeManifest(path, sampleManifest({ finishedAt: '2026-11-22T09:00:00.000Z' })),
    ).rejects.toThrow(/finishedAt must not be before startedAt/);
    await expect(
      writeManifest(path, sampleManifest({ startedAt: '2026-11-22T09:30:00+01:00' })),
    ).rejects.toThrow(/startedAt: must be an ISO-8601 UTC timestamp/);
  });

  it('replaces an existing manifest atomically: readers only ever see a whole manifest', async () => {
    const path = join(directory, 'manifest.json');
    await writeManifest(path, sampleManifest());
    let reading = true;
    let reads = 0;
    let partialReads = 0;
    const reader = (async () => {
      while (reading) {
        const text = await readFile(path, 'utf8');
        reads++;
        try {
          JSON.parse(text);
        } catch {
          partialReads++;
        }
      }
    })();
    for (let version = 0; version < 40; version++) {
      const warnings = Array.from({ length: version * 50 }, (_, index) => ({
        code: 'w',
        message: `warning ${index}`,
      }));
      await writeManifest(path, sampleManifest({ warnings }));
    }
    reading = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect(partialReads).toBe(0);
    expect((await readManifest(path)).warnings).toHaveLength(39 * 50);
    expect(await readdir(directory)).toEqual(['manifest.json']);
  });

  it('leaves the previous manifest and no temporary file behind when the write fails', async () => {
    // The target is a directory, so the final rename fails after the temporary file was written.
    const path = join(directory, 'manifest.json');
    await mkdir(path);
    await writeFile(join(path, 'keep'), 'x');
    const error = await writeManifest(path, sampleManifest()).catch((caught: unknown) => caught);
    expect(ToexError.isInstance(error)).toBe(true);
    expect((error as ToexError).code).toBe('manifest_write_failed');
    expect((error as Error).message).toContain(path);
    expect((await readdir(directory)).sort()).toEqual(['manifest.json']);
    expect(await readdir(path)).toEqual(['keep']);
  });

  it('reports a file that is not a valid manifest as an InputError naming the file', async () => {
    const path = join(directory, 'tampered.json');
    const manifest = sampleManifest();
    await writeFile(
      path,
      JSON.stringify({
        ...manifest,
        machineOutput: false,
        output: { path: 'x', sha256: 'xyz', bytes: -1 },
      }),
    );
    const error = await readManifest(path).catch((caught: unknown) => caught);
    expect(InputError.isInstance(error)).toBe(true);
    expect((error as InputError).file).toBe(path);
    expect((error as Error).message).toMatch(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a valid toex manifest`),
    );
    expect((error as Error).message).toContain('machineOutput');
    expect((error as Error).message).toContain('output.sha256');
  });

  it('reports unreadable and non-JSON files as InputErrors naming the file', async () => {
    const missing = join(directory, 'missing.json');
    await expect(readManifest(missing)).rejects.toSatisfy(
      (error: unknown) =>
        InputError.isInstance(error) && error.file === missing && error.code === 'unreadable_file',
    );
    const broken = join(directory, 'broken.json');
    await writeFile(broken, '{"schemaVersion": 1,');
    await expect(readManifest(broken)).rejects.toSatisfy(
      (error: unknown) =>
        InputError.isInstance(error) && error.file === broken && error.code === 'invalid_manifest',
    );
  });
});

describe('manifestEndpoint', () => {
  it('keeps host and path, dropping scheme, credentials, query and fragment', () => {
    expect(manifestEndpoint('https://user:secret@api.deepl.com/v2/translate?auth_key=abc#top')).toBe(
      'api.deepl.com/v2/translate',
    );
    expect(manifestEndpoint(new URL('http://localhost:2737/translate'))).toBe('localhost:2737/translate');
    expect(manifestEndpoint('https://api.cognitive.microsofttranslator.com/')).toBe(
      'api.cognitive.microsofttranslator.com',
    );
  });

  it('refuses something that is not an absolute URL', () => {
    let error: unknown;
    try {
      manifestEndpoint('api.example.com/translate');
    } catch (caught) {
      error = caught;
    }
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as ConfigurationError).code).toBe('invalid_endpoint');
  });
});
