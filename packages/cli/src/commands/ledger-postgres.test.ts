import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createAzureTranslatorHandlers } from '@toex/translate/testing';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The service package's throwaway PostgreSQL (test support, not part of its public API).
import {
  type PostgresTestServer,
  startPostgresServer,
} from '../../../service/src/test-support/postgres-server';
import { bufferedIo, temporaryDirectory, withEnvironment } from '../__fixtures__/cli-test-io';
import { ExitCode } from '../io';
import { runCli } from '../main';

const AZURE_KEY = '0123456789abcdef0123456789abcdef';
const http = setupServer();
let database: PostgresTestServer;
let directory: { path: string; remove: () => Promise<void> };
let restoreEnvironment: () => void;

beforeAll(async () => {
  http.listen({ onUnhandledRequest: 'error' });
  database = await startPostgresServer();
  directory = await temporaryDirectory();
  restoreEnvironment = withEnvironment({
    AZURE_TRANSLATOR_KEY: AZURE_KEY,
    AZURE_TRANSLATOR_REGION: undefined,
  });
});
afterAll(async () => {
  restoreEnvironment?.();
  http.close();
  await database?.stop();
  await directory?.remove();
});

async function toex(args: string[]): Promise<{ code: ExitCode; out: string; err: string }> {
  const io = bufferedIo({ cwd: directory.path, fetch: globalThis.fetch });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('--ledger postgres://…', () => {
  it('records translate jobs in PostgreSQL, and cost report totals them as it does a ledger file', async () => {
    http.use(...createAzureTranslatorHandlers({ apiKey: AZURE_KEY }).handlers);
    const rows = ['Id,Message Body', '1,"Hola, ¿dónde estás?"', '2,Nos vemos mañana en la estación.'];
    await writeFile(join(directory.path, 'kestrel.csv'), `${rows.join('\r\n')}\r\n`);
    await writeFile(join(directory.path, 'heron.csv'), 'Id,Message Body\r\n1,Vale.\r\n');
    // The password is ignored by the test server (trust auth); it must never be written anywhere.
    const url = new URL(database.url);
    url.password = 'never-in-a-manifest';
    const redactedUrl = `postgres://toex:[REDACTED]@127.0.0.1:${database.port}/toex`;
    const jobs = [
      ['kestrel.csv', 'OP-KESTREL', 'force-a'],
      ['heron.csv', 'OP-HERON', 'force-b'],
    ] as const;
    for (const ledger of [url.href, 'costs.jsonl']) {
      for (const [input, caseReference, organisation] of jobs) {
        const out = `${ledger === 'costs.jsonl' ? 'file' : 'db'}-${input}`;
        const run = await toex([
          'translate',
          input,
          '--to',
          'en',
          '--from',
          'es',
          '--provider',
          'azure',
          '--no-cache',
          '--out',
          out,
          '--case',
          caseReference,
          '--org',
          organisation,
          '--ledger',
          ledger,
        ]);
        expect(run.err).not.toContain('never-in-a-manifest');
        expect(run.code).toBe(ExitCode.ok);
      }
    }
    const manifest = await readFile(join(directory.path, 'db-kestrel.csv.manifest.json'), 'utf8');
    expect(manifest).not.toContain('never-in-a-manifest');

    for (const options of [
      ['--by', 'org'],
      ['--by', 'case', '--format', 'json'],
      ['--format', 'csv', '--by', 'sku'],
    ]) {
      const fromDatabase = await toex(['cost', 'report', '--ledger', url.href, ...options]);
      const fromFile = await toex(['cost', 'report', '--ledger', 'costs.jsonl', ...options]);
      expect(fromDatabase.code).toBe(ExitCode.ok);
      expect(fromDatabase.err).toBe('');
      // Identical but for the ledger's name in the table's title, which never shows the password.
      expect(fromDatabase.out.replace(redactedUrl, 'costs.jsonl')).toBe(fromFile.out);
    }
    const byOrg = await toex(['cost', 'report', '--ledger', url.href, '--by', 'org', '--format', 'json']);
    const report = JSON.parse(byOrg.out) as { rows: Array<{ key: string; cost: string; entries: number }> };
    expect(report.rows.map((row) => [row.key, row.entries])).toEqual([
      ['force-a', 1],
      ['force-b', 1],
    ]);
    expect(report.rows.every((row) => Number(row.cost) > 0)).toBe(true);
  });

  it('names the database without its password when it cannot be reached', async () => {
    const url = new URL(database.url);
    url.password = 'hunter2-but-longer';
    url.port = '1';
    const run = await toex(['cost', 'report', '--ledger', url.href]);
    expect(run.code).not.toBe(ExitCode.ok);
    expect(run.err).toContain(`postgres://toex:[REDACTED]@127.0.0.1:1/toex`);
    expect(run.err).not.toContain('hunter2-but-longer');
  });
});
