import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import {
  createAzureTranslator2026Handlers,
  createAzureTranslatorHandlers,
  createDeeplHandlers,
  createGoogleTranslateHandlers,
  createLibreTranslateHandlers,
} from '@toex/translate/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bufferedIo, temporaryDirectory, withEnvironment } from '../__fixtures__/cli-test-io';
import { ExitCode } from '../io';
import { runCli } from '../main';

// The CLI as a new user first runs it: a file, `--to en`, a provider, and no cost flags.
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let directory: { path: string; remove: () => Promise<void> };
let restoreEnvironment: () => void = () => {};
beforeEach(async () => {
  directory = await temporaryDirectory();
});
afterEach(async () => {
  restoreEnvironment();
  await directory.remove();
});

const AZURE_KEY = '0123456789abcdef0123456789abcdef';
const DEEPL_KEY = '01234567-89ab-cdef-0123-456789abcdef';
const GOOGLE_KEY = 'AIzaSyA-0123456789abcdefghijklmnopqrstu';

async function writeExport(): Promise<string> {
  const path = join(directory.path, 'export.csv');
  const rows = [
    'Id,Party,Message Body',
    '1,+447700900123,"Hola, ¿dónde estás?"',
    '2,+447700900456,Nos vemos mañana en la estación.',
    '3,+447700900123,Vale.',
  ];
  await writeFile(path, `${rows.join('\r\n')}\r\n`);
  return path;
}

const paidProviders = [
  {
    name: 'azure',
    environment: { AZURE_TRANSLATOR_KEY: AZURE_KEY, AZURE_TRANSLATOR_REGION: undefined },
    handlers: () => createAzureTranslatorHandlers({ apiKey: AZURE_KEY }).handlers,
    keyVariable: 'AZURE_TRANSLATOR_KEY',
    currency: 'USD',
  },
  {
    name: 'deepl',
    environment: { DEEPL_API_KEY: DEEPL_KEY },
    handlers: () => createDeeplHandlers({ apiKey: DEEPL_KEY }).handlers,
    keyVariable: 'DEEPL_API_KEY',
    currency: 'EUR',
  },
  {
    name: 'google',
    environment: { GOOGLE_TRANSLATE_API_KEY: GOOGLE_KEY },
    handlers: () => createGoogleTranslateHandlers({ apiKey: GOOGLE_KEY }).handlers,
    keyVariable: 'GOOGLE_TRANSLATE_API_KEY',
    currency: 'USD',
  },
] as const;

describe.each(paidProviders)('toex translate --provider $name, as a new user runs it', (provider) => {
  it('estimates in the price list currency ($currency) with no cost flags, sending nothing', async () => {
    restoreEnvironment = withEnvironment(provider.environment);
    const input = await writeExport();
    const io = bufferedIo({ cwd: directory.path, fetch: globalThis.fetch });
    const code = await runCli(
      ['translate', input, '--to', 'en', '--provider', provider.name, '--estimate'],
      io,
    );
    expect(io.err()).toContain(`${input}: csv`);
    expect(code).toBe(ExitCode.ok);
    expect(io.out()).toMatch(new RegExp(`cost {17}\\d+(\\.\\d+)? ${provider.currency}`));
    expect(existsSync(join(directory.path, 'export.translated.csv'))).toBe(false);
  });

  it('translates, prices in $currency and writes the output and manifest, with no cost flags', async () => {
    restoreEnvironment = withEnvironment(provider.environment);
    server.use(...provider.handlers());
    const input = await writeExport();
    const io = bufferedIo({ cwd: directory.path, fetch: globalThis.fetch });
    const code = await runCli(
      ['translate', input, '--to', 'en', '--provider', provider.name, '--no-cache'],
      io,
    );
    expect(io.err()).toMatch(new RegExp(`cost {7}\\d+(\\.\\d+)? ${provider.currency}`));
    expect(code).toBe(ExitCode.ok);
    const manifest = JSON.parse(
      await readFile(join(directory.path, 'export.translated.csv.manifest.json'), 'utf8'),
    );
    expect(manifest.cost.currency).toBe(provider.currency);
    expect(manifest.counts.failed).toBe(0);
  });

  it('asks for the one flag it needs when costs are wanted in pounds without a rate', async () => {
    restoreEnvironment = withEnvironment(provider.environment);
    const input = await writeExport();
    const io = bufferedIo({ cwd: directory.path, fetch: globalThis.fetch });
    const code = await runCli(
      ['translate', input, '--to', 'en', '--provider', provider.name, '--currency', 'GBP', '--estimate'],
      io,
    );
    expect(code).toBe(ExitCode.usage);
    expect(io.err()).toMatch(new RegExp(`No ${provider.currency}→GBP exchange rate .* --fx`));
  });

  it('exits 2 before writing anything when the key is missing, naming the variable', async () => {
    restoreEnvironment = withEnvironment({ ...provider.environment, [provider.keyVariable]: undefined });
    server.use(...provider.handlers());
    const input = await writeExport();
    const io = bufferedIo({ cwd: directory.path, fetch: globalThis.fetch });
    const code = await runCli(['translate', input, '--to', 'en', '--provider', provider.name], io);
    expect(code).toBe(ExitCode.usage);
    expect(io.err()).toContain(provider.keyVariable);
    expect(existsSync(join(directory.path, 'export.translated.csv'))).toBe(false);
    expect(existsSync(join(directory.path, 'export.translated.csv.partial'))).toBe(false);
  });

  it('exits 2 before writing anything when the key is refused', async () => {
    restoreEnvironment = withEnvironment({
      ...provider.environment,
      [provider.keyVariable]:
        provider.name === 'azure' ? 'f'.repeat(32) : 'ffffffff-89ab-cdef-0123-456789abcdef',
    });
    server.use(...provider.handlers());
    const input = await writeExport();
    const io = bufferedIo({ cwd: directory.path, fetch: globalThis.fetch });
    const code = await runCli(['translate', input, '--to', 'en', '--provider', provider.name], io);
    expect(code).toBe(ExitCode.usage);
    expect(io.err()).toMatch(/403|401|key/i);
    expect(existsSync(join(directory.path, 'export.translated.csv'))).toBe(false);
  });
});

describe('toex translate --budget below the estimate', () => {
  it('translates what the budget buys, marks the rest failed:budget_exceeded and exits 3', async () => {
    restoreEnvironment = withEnvironment({ AZURE_TRANSLATOR_KEY: AZURE_KEY });
    server.use(...createAzureTranslatorHandlers({ apiKey: AZURE_KEY }).handlers);
    const path = join(directory.path, 'long.csv');
    const bodies = Array.from(
      { length: 40 },
      (_, index) => `Mensaje número ${index}: nos vemos mañana en la estación.`,
    );
    await writeFile(
      path,
      `Id,Message Body\r\n${bodies.map((body, index) => `${index},${body}`).join('\r\n')}\r\n`,
    );
    const estimateIo = bufferedIo({ cwd: directory.path, fetch: globalThis.fetch });
    const common = ['translate', path, '--to', 'en', '--from', 'es', '--provider', 'azure', '--no-cache'];
    expect(await runCli([...common, '--estimate', '--json'], estimateIo)).toBe(ExitCode.ok);
    const estimate = JSON.parse(estimateIo.out()).cost.amount as string;
    const budget = (Number(estimate) / 2).toFixed(6);

    const io = bufferedIo({ cwd: directory.path, fetch: globalThis.fetch });
    expect(await runCli([...common, '--budget', budget, '--json'], io)).toBe(ExitCode.budget);
    const summary = JSON.parse(io.out().trim().split('\n').at(-1)!);
    expect(Number(summary.cost.amount)).toBeLessThanOrEqual(Number(budget));
    expect(Number(summary.cost.amount)).toBeGreaterThan(Number(budget) * 0.8);
    const output = await readFile(join(directory.path, 'long.translated.csv'), 'utf8');
    const statuses = output
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',').at(-2)); // toex_status: toex_flags is last
    expect(statuses).toHaveLength(40);
    const ok = statuses.filter((status) => status === 'ok').length;
    expect(ok).toBeGreaterThanOrEqual(18);
    expect(statuses.slice(ok).every((status) => status === 'failed:budget_exceeded')).toBe(true);
  });
});

describe('toex translate --provider azure --api-version 2026-06-06', () => {
  it('speaks the 2026-06-06 API and records it in the manifest', async () => {
    restoreEnvironment = withEnvironment({
      AZURE_TRANSLATOR_KEY: AZURE_KEY,
      AZURE_TRANSLATOR_REGION: undefined,
    });
    const fake = createAzureTranslator2026Handlers({ apiKey: AZURE_KEY });
    server.use(...fake.handlers);
    const input = await writeExport();
    const io = bufferedIo({ cwd: directory.path, fetch: globalThis.fetch });
    const code = await runCli(
      [
        'translate',
        input,
        '--to',
        'en',
        '--from',
        'es',
        '--provider',
        'azure',
        '--api-version',
        '2026-06-06',
        '--no-cache',
      ],
      io,
    );
    expect(code).toBe(ExitCode.ok);
    const manifest = JSON.parse(
      await readFile(join(directory.path, 'export.translated.csv.manifest.json'), 'utf8'),
    );
    expect(JSON.stringify(manifest)).toContain('2026-06-06');
    expect(fake.requests[0]?.body).toHaveProperty('inputs');
  });

  it('refuses --api-version for another provider or an unknown version', async () => {
    const input = await writeExport();
    for (const args of [
      ['--provider', 'deepl', '--api-version', '2026-06-06'],
      ['--provider', 'azure', '--api-version', '2025-10-01-preview'],
    ]) {
      const io = bufferedIo({ cwd: directory.path, fetch: globalThis.fetch });
      expect(await runCli(['translate', input, '--to', 'en', ...args], io)).toBe(ExitCode.usage);
      expect(io.err()).toContain('--api-version');
    }
  });
});

describe('toex translate --provider libretranslate', () => {
  it('translates through the server at LIBRETRANSLATE_URL, free, with every row in the output', async () => {
    const fake = createLibreTranslateHandlers({ baseUrl: 'http://127.0.0.1:5055' });
    server.use(...fake.handlers);
    const input = await writeExport();
    const io = bufferedIo({
      cwd: directory.path,
      env: { LIBRETRANSLATE_URL: 'http://127.0.0.1:5055' },
      fetch: globalThis.fetch,
    });
    const code = await runCli(
      ['translate', input, '--to', 'en', '--from', 'es', '--provider', 'libretranslate', '--no-cache'],
      io,
    );
    expect(code).toBe(ExitCode.ok);
    const output = await readFile(join(directory.path, 'export.translated.csv'), 'utf8');
    expect(output).toContain('[es→en] VALE.');
    expect(fake.requests.filter((request) => request.outcome === 'answered').length).toBeGreaterThan(0);
  });
});

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as AddressInfo;
  await new Promise((resolve) => listener.close(resolve));
  return port;
}

describe('toex translate with the offline default (Apertium)', () => {
  it('names the endpoint and the flag that set it when nothing answers there (exit 2)', async () => {
    const input = await writeExport();
    const port = await closedPort();
    const io = bufferedIo({ cwd: directory.path });
    const code = await runCli(
      ['translate', input, '--to', 'en', '--endpoint', `http://127.0.0.1:${port}`],
      io,
    );
    expect(code).toBe(ExitCode.usage);
    expect(io.err()).toContain(
      `Nothing answers at http://127.0.0.1:${port} (ECONNREFUSED), the endpoint set by --endpoint`,
    );
  });

  it('names the environment variable when that set the endpoint', async () => {
    const input = await writeExport();
    const port = await closedPort();
    const io = bufferedIo({ cwd: directory.path, env: { APERTIUM_URL: `http://127.0.0.1:${port}` } });
    const code = await runCli(['translate', input, '--to', 'en', '--from', 'es'], io);
    expect(code).toBe(ExitCode.usage);
    expect(io.err()).toContain('the endpoint set by the APERTIUM_URL environment variable');
  });

  it('starts APY on loopback for the job when nothing runs, translates, and stops it', async () => {
    const input = await writeExport();
    const io = bufferedIo({ cwd: directory.path });
    const code = await runCli(['translate', input, '--to', 'en', '--currency', 'EUR'], io);
    expect(io.err()).toMatch(/Started Apertium APY on http:\/\/127\.0\.0\.1:(\d+) for this job/);
    expect(code).toBe(ExitCode.ok);
    const url = /Started Apertium APY on (http:\/\/127\.0\.0\.1:\d+)/.exec(io.err())![1]!;
    const stillThere = await fetch(`${url}/listPairs`).then(
      () => true,
      () => false,
    );
    expect(stillThere).toBe(false);
    const output = await readFile(join(directory.path, 'export.translated.csv'), 'utf8');
    expect(output).toContain('Hello, where you are?');
    // A free engine priced in euros needs no exchange rate.
    expect(io.err()).toMatch(/cost {7}0(\.0+)? EUR/);
  }, 60_000);
});
