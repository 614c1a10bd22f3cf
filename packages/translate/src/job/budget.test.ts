import { join } from 'node:path';
import { type JobWarningEvent, ProgressEmitter } from '@toex/core';
import { createMemoryLedger } from '@toex/costing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAzureTranslator } from '../providers/azure';
import { createAzureTranslatorHandlers } from '../testing';
import {
  chatHeader,
  chatRows,
  readCsvOutput,
  temporaryDirectory,
  writeExport,
} from './__fixtures__/job-fixtures';
import { translateFile } from './translate-file';

// Budgets against the msw fake of Azure Translator, priced from the shipped catalogue (Azure S1: USD 10 per
// million characters). A budget is a hard cap: the request that would cross it is never sent.

const KEY = '0123456789abcdef0123456789abcdef';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let directory: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  directory = await temporaryDirectory();
});
afterEach(() => directory.remove());

// 150 distinct messages of exactly 1,000 characters: Azure takes 50,000 characters a request, so the job
// needs three requests of 50 messages, USD 0.50 each.
const bodies = Array.from({ length: 150 }, (_, index) => {
  const head = `Mensaje ${index}: `;
  return head + 'a'.repeat(1_000 - head.length);
});

async function run(budget: string) {
  const fake = createAzureTranslatorHandlers({ apiKey: KEY });
  server.use(...fake.handlers);
  const input = await writeExport(join(directory.path, 'chats.csv'), {
    header: chatHeader,
    rows: chatRows(bodies),
  });
  const output = join(directory.path, 'chats.en.csv');
  const ledger = createMemoryLedger();
  const events = new ProgressEmitter();
  const warnings: JobWarningEvent[] = [];
  events.on('warning', (event) => warnings.push(event));
  const result = await translateFile({
    input,
    output,
    provider: createAzureTranslator({ apiKey: KEY, fetch: globalThis.fetch }),
    from: 'es',
    to: ['en'],
    costing: { currency: 'USD' },
    budget: { job: budget },
    ledger: { ledger, organisation: 'Example Constabulary', caseReference: 'OP-2024-0193' },
    events,
  });
  const { records } = await readCsvOutput(output);
  return {
    fake,
    result,
    ledger,
    warnings,
    status: records.slice(1).map((record) => record.at(-1)),
    ids: records.slice(1).map((record) => record[0]),
  };
}

describe('translateFile with a budget', () => {
  it('never sends the request that would cross the cap, keeps every row, and records what was spent', async () => {
    const { fake, result, ledger, warnings, status, ids } = await run('1.20');

    // Two requests fit (USD 1.00); the third (USD 1.50 in all) was refused before it was sent.
    expect(fake.requests).toHaveLength(2);
    expect(fake.billedCharacters()).toBe(100_000);
    expect(result.stoppedBy?.code).toBe('budget_exceeded');
    // Every row is in the output, in order; the ones never sent are marked, not dropped.
    expect(ids).toEqual(bodies.map((_, index) => String(index + 1)));
    expect(status).toEqual(bodies.map((_, index) => (index < 100 ? 'ok' : 'failed:budget_exceeded')));
    expect(result.failedRows).toBe(50);
    expect(result.manifest.counts).toMatchObject({ rows: 150, failed: 50, requests: 2 });
    expect(result.manifest.warnings).toContainEqual(expect.objectContaining({ code: 'budget_exceeded' }));

    // The cost is exact, within the cap, and the same in the result, the manifest and the ledger.
    expect(result.cost).toEqual({ amount: '1.00', currency: 'USD' });
    expect(result.manifest.cost).toEqual({ amount: '1.00', currency: 'USD', estimated: true });
    const lines = ledger.snapshot();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      kind: 'charge',
      jobId: result.jobId,
      organisation: 'Example Constabulary',
      caseReference: 'OP-2024-0193',
      provider: 'azure',
      service: 'translator',
      sku: 'S1',
      quantity: '100000',
      reportedQuantity: '100000',
      clientQuantity: '100000',
      currency: 'USD',
    });
    expect(Number(lines[0]!.cost)).toBe(Number(result.cost!.amount));
    // The user was told as spending approached the cap.
    expect(warnings.filter((warning) => warning.code === 'budget_threshold')).toHaveLength(2);
  });

  it('sends nothing at all when even the first request would cross the cap', async () => {
    const { fake, result, ledger, status } = await run('0.0001');
    expect(fake.requests).toHaveLength(0);
    expect(status).toEqual(bodies.map(() => 'failed:budget_exceeded'));
    expect(result).toMatchObject({
      rows: 150,
      failedRows: 150,
      billedCharacters: 0,
      stoppedBy: { code: 'budget_exceeded' },
    });
    expect(result.cost).toEqual({ amount: '0.00', currency: 'USD' });
    expect(ledger.snapshot().map((line) => Number(line.cost))).toEqual([0]);
  });
});
