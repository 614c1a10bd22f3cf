import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type PostgresTestServer, startPostgresServer } from './test-support/postgres-server';

let server: PostgresTestServer;
beforeAll(async () => {
  server = await startPostgresServer();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await server?.stop();
});

// The README's PostgreSQL example, run exactly as written against a real throwaway server.
describe('README PostgreSQL example', () => {
  it('leases, refuses, settles once and reports what the README says', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Example'));
    const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    const expected = /```text\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code).toBeDefined();
    expect(expected).toBeDefined();
    const directory = await mkdtemp(join(tmpdir(), 'toex-service-readme-'));
    const file = join(directory, 'example.ts');
    await writeFile(file, code!);
    vi.stubEnv('TOEX_LEDGER_URL', server.url);
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
      printed.push(parts.join(' '));
    });
    await import(/* @vite-ignore */ pathToFileURL(file).href);
    expect(`${printed.join('\n')}\n`).toBe(expected);
  });
});
